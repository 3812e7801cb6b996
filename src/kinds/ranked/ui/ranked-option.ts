/** An option as the ranked ballot and results show it: the poll's id and text for it. */
export type RankedOption = { id: string; option_text: string };
