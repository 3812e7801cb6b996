import { STATUS_CODES } from 'node:http';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { useTranslations } from '../../_lib/intl';
import { getTranslations } from '../../_lib/intl.server';
import {
  METHODS,
  openApiDocument,
  type JsonSchema,
  type Method,
  type Operation,
  type ResponseObject,
} from '../../../api/openapi';
import { ENGLISH, Prose, SchemaLine, SchemaView, schemaAnchor } from './schema-view';
import { code } from '../../_components/rich-tags';

/**
 * The API reference, rendered on the server from the OpenAPI document the API serves: plain HTML,
 * nothing fetched. Its headings and labels are in the reader's language; the API speaks English,
 * so the document's text is shown as it is, marked as English.
 */

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('ApiReference'))('title') };
}

type Entry = { path: string; method: Method; operation: Operation };
/** The document's named schemas, to show a body's fields where the body is one of them. */
type Named = { named: Record<string, JsonSchema> };

const operationAnchor = (operation: Operation) => `op-${operation.operationId}`;
const SCHEME_WORDS: Record<string, string> = { adminToken: 'Authorization: Bearer <admin_token>' };
const schemeNames = (chunks: ReactNode) => <code {...ENGLISH}>{chunks}</code>;
const openApiLink = (chunks: ReactNode) => <a href="/api/openapi.json">{chunks}</a>;

function Access({ security }: { security: Operation['security'] }) {
  const t = useTranslations('ApiReference');
  if (!security?.length) return null;
  const optional = security.some((requirement) => Object.keys(requirement).length === 0);
  const schemes = security.flatMap((requirement) => Object.keys(requirement).map((name) => SCHEME_WORDS[name] ?? name));
  return (
    <p>
      {t.rich(optional ? 'optionalAccess' : 'required', {
        list: schemes.join(', '),
        schemes: schemeNames,
      })}
    </p>
  );
}

function Response({ status, response, named }: { status: string; response: ResponseObject } & Named) {
  const t = useTranslations('ApiReference');
  return (
    <div className="api-response">
      <h5>
        <span className={`api-status api-status-${status[0]}xx`}>{status}</span>{' '}
        <span {...ENGLISH}>{STATUS_CODES[Number(status)]}</span>
      </h5>
      <Prose text={response.description} />
      {response.headers && (
        <ul className="api-fields">
          {Object.entries(response.headers).map(([name, header]) => (
            <li key={name}>
              {t('header')} <SchemaLine name={name} schema={{ ...header.schema, description: header.description }} />
              {!header.required && <span className="api-optional"> {t('notAlwaysSent')}</span>}
            </li>
          ))}
        </ul>
      )}
      {Object.entries(response.content ?? {}).map(([type, media]) => (
        <div key={type}>
          <p className="api-media">
            <code>{type}</code>
          </p>
          {media['x-event-data'] ? (
            <p>
              {t.rich('eventData', { code })} <SchemaLine schema={media['x-event-data']} />
            </p>
          ) : (
            media.schema && <SchemaView schema={media.schema} named={named} />
          )}
        </div>
      ))}
    </div>
  );
}

function OperationView({ path, method, operation, named }: Entry & Named) {
  const t = useTranslations('ApiReference');
  const { parameters = [], requestBody } = operation;
  return (
    <section
      id={operationAnchor(operation)}
      className="api-operation"
      aria-labelledby={`${operationAnchor(operation)}-title`}
    >
      <h3 id={`${operationAnchor(operation)}-title`}>
        <span className={`api-method api-method-${method}`}>{method.toUpperCase()}</span>
        <code>{path}</code>
      </h3>
      <p className="api-summary" {...ENGLISH}>
        {operation.summary}
      </p>
      <Prose text={operation.description} />
      <Access security={operation.security} />
      {parameters.length > 0 && (
        <>
          <h4>{t('parameters')}</h4>
          <ul className="api-fields">
            {parameters.map((parameter) => (
              <li key={`${parameter.in} ${parameter.name}`}>
                {parameter.in}{' '}
                <SchemaLine
                  name={parameter.name}
                  schema={{ ...parameter.schema, description: parameter.description }}
                  optional={!parameter.required}
                />
              </li>
            ))}
          </ul>
        </>
      )}
      {requestBody && (
        <>
          <h4>{t('requestBody')}</h4>
          {Object.entries(requestBody.content).map(([type, media]) => (
            <div key={type}>
              <p className="api-media">
                <code>{type}</code>
              </p>
              {media.schema && <SchemaView schema={media.schema} named={named} />}
            </div>
          ))}
        </>
      )}
      <h4>{t('responses')}</h4>
      {Object.entries(operation.responses).map(([status, response]) => (
        <Response key={status} status={status} response={response} named={named} />
      ))}
    </section>
  );
}

export default function ApiReferencePage() {
  const t = useTranslations('ApiReference');
  const document = openApiDocument();
  const entries: Entry[] = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );
  const tagged = document.tags.map((tag) => ({
    tag,
    entries: entries.filter((entry) => entry.operation.tags.includes(tag.name)),
  }));

  return (
    <article className="api-reference">
      <h1>{t('title')}</h1>
      <p>{t('english')}</p>
      <Prose text={document.info.description} />
      <p>{t.rich('openApi', { path: '/api/openapi.json', link: openApiLink })}</p>
      <nav aria-label={t('endpoints')} className="api-toc">
        <ul>
          {entries.map(({ path, method, operation }) => (
            <li key={operation.operationId}>
              <a href={`#${operationAnchor(operation)}`}>
                <span className={`api-method api-method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
              </a>{' '}
              <span {...ENGLISH}>{operation.summary}</span>
            </li>
          ))}
        </ul>
      </nav>

      {tagged.map(({ tag, entries: inTag }) => (
        <section key={tag.name} aria-labelledby={`tag-${tag.name}`}>
          <h2 id={`tag-${tag.name}`} {...ENGLISH}>
            {tag.description}
          </h2>
          {inTag.map((entry) => (
            <OperationView key={entry.operation.operationId} {...entry} named={document.components.schemas} />
          ))}
        </section>
      ))}

      <section aria-labelledby="schemas">
        <h2 id="schemas">{t('schemas')}</h2>
        {Object.entries(document.components.schemas).map(([name, schema]) => (
          <section
            key={name}
            id={schemaAnchor(name)}
            className="api-operation"
            aria-labelledby={`${schemaAnchor(name)}-title`}
          >
            <h3 id={`${schemaAnchor(name)}-title`}>
              <code>{name}</code>
            </h3>
            <SchemaView schema={schema} />
          </section>
        ))}
      </section>
    </article>
  );
}
