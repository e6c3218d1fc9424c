import type { ChatMessage, ChatRequest } from './chat-request.js';

/**
 * The inner text of `<name>…</name>` (attributes allowed on the opening tag), or undefined.
 * Runs from the first opening tag to the last closing tag, so a candidate's answer that itself
 * contains `</answer>` does not cut the material short. No entity decoding: text is verbatim.
 */
export function readTag(text: string, name: string): string | undefined {
  const open = new RegExp(`<${name}(?:\\s[^>]*)?>`).exec(text);
  if (!open) return undefined;

  const start = open.index + open[0].length;
  const end = text.lastIndexOf(`</${name}>`);
  if (end < start) return undefined;
  return text.slice(start, end).trim();
}

/** Splits text into word pieces that join back to exactly the original text. */
export function splitWords(text: string): string[] {
  const pieces = text.match(/\s*\S+/g) ?? [];
  const trailing = /\s*$/.exec(text)?.[0] ?? '';
  if (pieces.length === 0) return text === '' ? [] : [text];

  pieces[pieces.length - 1] += trailing;
  return pieces;
}

export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** The first `max` words of `text`, as an exact prefix of it (original spacing kept). */
export function firstWords(text: string, max: number): string {
  const match = new RegExp(`^\\s*\\S+(?:\\s+\\S+){0,${Math.max(max - 1, 0)}}`).exec(text);
  return match ? match[0] : '';
}

/** Sentences of `text`, each an exact, trimmed substring of it. */
export function splitSentences(text: string): string[] {
  const sentences = text.match(/[^.!?\n]+(?:[.!?]+|$)/gm) ?? [];
  return sentences.map((sentence) => sentence.trim()).filter((sentence) => sentence !== '');
}

/** The text of a message: a plain string, or its text parts joined by newlines. */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  if (!message.content) return '';
  return message.content
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}

export function lastUserText(request: ChatRequest): string {
  const lastUser = request.messages.filter((message) => message.role === 'user').at(-1);
  return lastUser ? messageText(lastUser) : '';
}

/** Lower-cases the first letter unless the first word is an acronym or mixed case (SQL, TypeScript). */
export function lowerFirst(text: string): string {
  const firstWord = /^\S+/.exec(text)?.[0] ?? '';
  if (firstWord.slice(1) !== firstWord.slice(1).toLowerCase()) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
