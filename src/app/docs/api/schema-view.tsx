import { useTranslations } from '../../_lib/intl';
import { Fragment, type ReactNode } from 'react';
import type { JsonSchema } from '../../../api/openapi';

/**
 * JSON Schema and OpenAPI prose as plain HTML, for the API reference: server-rendered, no
 * script, no styles but the site's stylesheet (the page CSP allows nothing else). The page's own
 * words are in the reader's language; the document's (names, types, descriptions) stay English.
 */

/** Marks the document's own text: English, left to right, on an Arabic page too. */
export const ENGLISH = { lang: 'en', dir: 'ltr' } as const;

type Words = ReturnType<typeof useTranslations<'ApiReference'>>;

/** Inline `code` in a line of prose. */
function Inline({ text }: { text: string }) {
  return text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

/** The little Markdown the document uses: paragraphs, `- ` lists and inline code. */
export function Prose({ text }: { text: string | undefined }) {
  if (!text) return null;
  return text.split(/\n{2,}/).map((block, i) => {
    const lines = block.split('\n');
    if (lines.every((line) => line.startsWith('- '))) {
      return (
        <ul key={i} className="api-prose-list" {...ENGLISH}>
          {lines.map((line, j) => (
            <li key={j}>
              <Inline text={line.slice(2)} />
            </li>
          ))}
        </ul>
      );
    }
    return (
      <p key={i} {...ENGLISH}>
        <Inline text={block} />
      </p>
    );
  });
}

export const schemaAnchor = (name: string) => `schema-${name}`;
/** JSON Schema allows `true` (anything) where a schema goes. */
const asSchema = (value: JsonSchema | boolean): JsonSchema => (typeof value === 'object' ? value : {});
/** A list's item schema, when it has one. */
const itemsOf = (schema: JsonSchema): JsonSchema | undefined =>
  schema.type === 'array' && schema.items && !Array.isArray(schema.items) ? asSchema(schema.items) : undefined;
const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

const literal = (value: unknown) => <code>{JSON.stringify(value)}</code>;
const joined = (items: ReactNode[], word: string) =>
  items.map((item, i) => (
    <Fragment key={i}>
      {i > 0 && ` ${word} `}
      {item}
    </Fragment>
  ));

/** What a value is, in a few words: a type, a link to a named schema, or the values allowed. */
function TypeLabel({ schema }: { schema: JsonSchema }): ReactNode {
  const t = useTranslations('ApiReference');
  if (schema.$ref) return <a href={`#${schemaAnchor(refName(schema.$ref))}`}>{refName(schema.$ref)}</a>;
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum)
    return (
      <>
        {t('oneOf')} {joined(schema.enum.map(literal), t('or'))}
      </>
    );
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches)
    return joined(
      branches.map((branch, i) => <LimitedLabel key={i} schema={branch} />),
      t('or'),
    );
  if (schema.allOf) {
    const parts = schema.allOf.map((part, i) =>
      part.$ref ? <TypeLabel key={i} schema={part} /> : <Narrowed key={i} schema={part} />,
    );
    return joined(parts, t('with'));
  }
  const items = itemsOf(schema);
  if (items) {
    return (
      <>
        {t('listOf')} <LimitedLabel schema={items} />
      </>
    );
  }
  if (Array.isArray(schema.type))
    return joined(
      schema.type.map((type) => <Fragment key={type}>{type}</Fragment>),
      t('or'),
    );
  return <>{schema.type ?? t('anyValue')}</>;
}

/** A type with its limits, for a list's items or one branch of several. */
function LimitedLabel({ schema }: { schema: JsonSchema }) {
  const limits = constraints(schema, useTranslations('ApiReference'));
  return (
    <>
      <TypeLabel schema={schema} />
      {limits.length > 0 && <span className="api-limits"> ({limits.join(', ')})</span>}
    </>
  );
}

/** The values a schema pins down inside another (`error.code` one of …), in one line. */
function Narrowed({ schema }: { schema: JsonSchema }) {
  const t = useTranslations('ApiReference');
  const leaves = (at: JsonSchema, path: string): [string, JsonSchema][] =>
    at.properties
      ? Object.entries(at.properties).flatMap(([name, inner]) =>
          leaves(asSchema(inner), path ? `${path}.${name}` : name),
        )
      : [[path, at]];
  return joined(
    leaves(schema, '').map(([path, leaf]) => (
      <Fragment key={path}>
        <code>{path}</code> <TypeLabel schema={leaf} />
      </Fragment>
    )),
    t('and'),
  );
}

/** Limits and defaults, leaving out what only restates JavaScript's safe integer range. */
function constraints(schema: JsonSchema, t: Words): string[] {
  const found: string[] = [];
  const { minimum: min, maximum: max } = schema;
  const bound = (value: number | undefined): value is number =>
    value !== undefined && Math.abs(value) < Number.MAX_SAFE_INTEGER;
  if (schema.format) found.push(t('format', { name: schema.format }));
  else if (schema.pattern && schema.pattern.length <= 80) found.push(t('pattern', { pattern: schema.pattern }));
  if (bound(min) && bound(max)) found.push(t('range', { min, max }));
  else if (bound(min)) found.push(t('atLeast', { min }));
  else if (bound(max)) found.push(t('atMost', { max }));
  if (schema.minLength !== undefined) found.push(t('minLength', { count: schema.minLength }));
  if (schema.maxLength !== undefined) found.push(t('maxLength', { count: schema.maxLength }));
  if (schema.minItems !== undefined) found.push(t('minItems', { count: schema.minItems }));
  if (schema.maxItems !== undefined) found.push(t('maxItems', { count: schema.maxItems }));
  if (schema.default !== undefined) found.push(t('default', { value: JSON.stringify(schema.default) }));
  return found;
}

/** The fields a schema holds inside it: its own, its list items', or those of its object branches (not of a narrowing). */
function nestedFields(schema: JsonSchema): JsonSchema[] {
  if (schema.properties) return [schema];
  const items = itemsOf(schema);
  if (items) return nestedFields(items);
  return (schema.anyOf ?? schema.oneOf ?? []).flatMap(nestedFields);
}

function Fields({ schema }: { schema: JsonSchema }) {
  const required = new Set(schema.required ?? []);
  return (
    <ul className="api-fields">
      {Object.entries(schema.properties ?? {}).map(([name, field]) => (
        <li key={name}>
          <SchemaLine name={name} schema={asSchema(field)} optional={!required.has(name)} />
        </li>
      ))}
    </ul>
  );
}

/** One value: its name, what it is, its limits and its description, then its own fields. */
export function SchemaLine({ name, schema, optional }: { name?: string; schema: JsonSchema; optional?: boolean }) {
  const t = useTranslations('ApiReference');
  const limits = constraints(schema, t);
  return (
    <>
      {name && <code className="api-field-name">{name}</code>}
      {optional && <span className="api-optional"> {t('optional')}</span>}
      {name && ': '}
      <TypeLabel schema={schema} />
      {limits.length > 0 && <span className="api-limits"> ({limits.join(', ')})</span>}
      {schema.description && (
        <span className="api-field-description">
          {' '}
          —{' '}
          <span {...ENGLISH}>
            <Inline text={schema.description} />
          </span>
        </span>
      )}
      {nestedFields(schema).map((fields, i) => (
        <Fields key={i} schema={fields} />
      ))}
    </>
  );
}

/**
 * A whole schema, as a named schema or a request or answer body. A body that is a named schema
 * shows that schema's fields too (given `named`), so a reader need not jump to the list below.
 */
export function SchemaView({ schema, named }: { schema: JsonSchema; named?: Record<string, JsonSchema> }) {
  const target = schema.$ref ? named?.[refName(schema.$ref)] : undefined;
  const { description, ...shape } = target ?? schema;
  return (
    <div className="api-schema">
      {target && (
        <p>
          <TypeLabel schema={schema} />
        </p>
      )}
      {description && <Prose text={description} />}
      {shape.properties ? <Fields schema={shape} /> : <SchemaLine schema={shape} />}
    </div>
  );
}
