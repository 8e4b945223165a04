import type { QaExport } from './reporting.js';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The JSON export: questions by number with their answers; anonymous askers appear as null. */
export function exportJson(data: QaExport): string {
  const questions = data.questions.map((question) => ({
    number: question.number,
    askerId: question.askerId,
    anonymous: question.anonymous === 1,
    text: question.text,
    status: question.status,
    pending: question.publication === 'pending',
    locked: question.locked === 1,
    mergedInto: question.mergedIntoNumber,
    votes: question.votes,
    createdAt: question.createdAt,
    acceptedAt: question.acceptedAt,
    closedAt: question.closedAt,
    answers: question.answers.map((answer) => ({
      id: answer.id,
      number: answer.number,
      authorId: answer.authorId,
      text: answer.text,
      votes: answer.votes,
      accepted: answer.id === question.acceptedAnswerId,
      createdAt: answer.createdAt,
      editedAt: answer.editedAt,
    })),
  }));
  return `${JSON.stringify({ guildId: data.guildId, exportedAt: data.exportedAt, questions }, null, 2)}\n`;
}

const CSV_HEADER = ['type', 'question', 'answer_id', 'author_id', 'anonymous', 'status', 'votes', 'accepted', 'created_at', 'text', 'answer_number'];

/**
 * The CSV export: one row per question, then one per answer (type = question | answer). answer_id is
 * the stable id; answer_number is 1, 2, … within the question, as members see it (added last, so
 * readers of the earlier columns keep working).
 */
export function exportCsv(data: QaExport): string {
  const rows: (string | number | null)[][] = [CSV_HEADER];
  for (const question of data.questions) {
    rows.push(['question', question.number, null, question.askerId, question.anonymous, question.status, question.votes, null, question.createdAt, question.text, null]);
    for (const answer of question.answers) {
      rows.push(['answer', question.number, answer.id, answer.authorId, 0, null, answer.votes, answer.id === question.acceptedAnswerId ? 1 : 0, answer.createdAt, answer.text, answer.number]);
    }
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs member text as a formula. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportFile(data: QaExport, format: ExportFormat): { name: string; content: string } {
  const day = data.exportedAt.slice(0, 10);
  return format === 'csv'
    ? { name: `qa-${data.guildId}-${day}.csv`, content: exportCsv(data) }
    : { name: `qa-${data.guildId}-${day}.json`, content: exportJson(data) };
}
