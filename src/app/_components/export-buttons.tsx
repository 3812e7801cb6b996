'use client';

/** Download buttons for the creator's export (docs/API.md, "Export"). */
export function ExportButtons(_props: { pollId: string; token: string }) {
  return null;
}
