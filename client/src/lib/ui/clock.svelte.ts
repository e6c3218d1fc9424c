import { createSubscriber } from 'svelte/reactivity';

const TICK_MS = 30_000;

/** The current time for "5 minutes ago" labels: refreshed every 30 seconds while a page shows one. */
class Clock {
  #now = Date.now();
  #subscribe = createSubscriber((update) => {
    this.#now = Date.now();
    const timer = setInterval(() => {
      this.#now = Date.now();
      update();
    }, TICK_MS);
    return () => clearInterval(timer);
  });

  get now(): number {
    this.#subscribe();
    return this.#now;
  }
}

export const clock = new Clock();
