import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorBox, Loading } from './error-box.js';

/** A list page's table over one query: loading, the error with a retry, the empty sentence, or the rows. */
export function QueryTable<T>(props: {
  readonly query: UseQueryResult<readonly T[]>;
  /** What is loading ("tags"). */
  readonly what: string;
  /** What an empty list says. */
  readonly empty: string;
  readonly testId: string;
  /** Column headings ('' for an unlabelled one). */
  readonly headings: readonly string[];
  readonly row: (item: T) => ReactNode;
}) {
  const { query } = props;
  return (
    <>
      {query.isPending ? <Loading what={props.what} /> : null}
      {query.isError ? <ErrorBox error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data?.length === 0 ? <p className="empty">{props.empty}</p> : null}
      {query.data && query.data.length > 0 ? (
        <table className="list" data-testid={props.testId}>
          <thead>
            <tr>
              {props.headings.map((heading, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: headings are fixed per table
                <th key={i}>{heading}</th>
              ))}
            </tr>
          </thead>
          <tbody>{query.data.map(props.row)}</tbody>
        </table>
      ) : null}
    </>
  );
}
