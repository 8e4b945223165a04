import type { ArchivedAnswer, ArchivedEntry, ArchivedQuestion } from '../archive-store.js';
import type { Person } from '../archive.js';
import { plainMemberText, type WebMentionNames } from '../markdown.js';

/**
 * schema.org data for search engines: QAPage on question pages, FAQPage for an entry promoted from
 * a question (one question, its accepted answer), Article for other entries. Text is plain (no
 * Markdown), names follow the site's rules, and `<` is escaped so no text can close the script tag.
 */

const TEXT_LENGTH = 5_000;

const person = (who: Person) => ({ '@type': 'Person', name: who.name });

/** JSON for inside <script type="application/ld+json">: `<`, `>` and `&` as \u escapes. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

interface QuestionData {
  readonly canonical: string;
  readonly question: ArchivedQuestion;
  readonly title: string;
  readonly asker: Person;
  readonly accepted: ArchivedAnswer & { readonly author: Person };
  readonly others: readonly (ArchivedAnswer & { readonly author: Person })[];
  readonly names: WebMentionNames;
}

export function questionJsonLd({ canonical, question, title, asker, accepted, others, names }: QuestionData): string {
  const answer = (row: ArchivedAnswer & { readonly author: Person }) => ({
    '@type': 'Answer',
    text: plainMemberText(row.text, names, TEXT_LENGTH),
    dateCreated: row.createdAt,
    upvoteCount: row.votes,
    url: `${canonical}#answer-${row.number}`,
    author: person(row.author),
  });
  return scriptJson({
    '@context': 'https://schema.org',
    '@type': 'QAPage',
    mainEntity: {
      '@type': 'Question',
      name: title,
      text: plainMemberText(question.text, names, TEXT_LENGTH),
      answerCount: 1 + others.length,
      upvoteCount: question.votes,
      dateCreated: question.createdAt,
      author: person(asker),
      acceptedAnswer: answer(accepted),
      ...(others.length > 0 ? { suggestedAnswer: others.slice(0, 10).map(answer) } : {}),
    },
  });
}

interface EntryData {
  readonly canonical: string;
  readonly entry: ArchivedEntry;
  readonly title: string;
  readonly summary: string;
  readonly author: Person | null;
  readonly question: ArchivedQuestion | null;
  readonly names: WebMentionNames;
}

export function entryJsonLd({ canonical, entry, title, summary, author, question, names }: EntryData): string {
  const body = plainMemberText(entry.body, names, TEXT_LENGTH);
  if (question) {
    return scriptJson({
      '@context': 'https://schema.org',
      '@type': 'FAQPage',
      url: canonical,
      mainEntity: [{ '@type': 'Question', name: title, acceptedAnswer: { '@type': 'Answer', text: body, ...(author ? { author: person(author) } : {}) } }],
    });
  }
  return scriptJson({
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: title.slice(0, 110),
    description: summary,
    articleBody: body,
    datePublished: entry.createdAt,
    url: canonical,
    ...(author ? { author: person(author) } : {}),
  });
}
