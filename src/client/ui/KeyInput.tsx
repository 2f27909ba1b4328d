/**
 * Reads the keyboard through Ink and hands every key event to `onKey`: what `useInput` reports
 * (with the kitty protocol's press/repeat/release when the terminal speaks it), and F2 from the
 * raw sequence, since `useInput` reports function keys as an empty input with no flag. It draws
 * nothing. Raw mode is Ink's: it is switched on while this is mounted and off when unmounted.
 */
import type { EventEmitter } from 'node:events';
import { useInput, useStdin } from 'ink';
import { useEffect } from 'react';
import { f2Event, type KeyEvent } from '../keys.ts';

export interface KeyInputProps {
  readonly onKey: (event: KeyEvent) => void;
}

export function KeyInput({ onKey }: KeyInputProps) {
  useInput((input, key) => onKey({ input, key }));
  // Ink passes every chunk it reads to this emitter; its public type leaves it out.
  const events = (useStdin() as unknown as { internal_eventEmitter: EventEmitter })
    .internal_eventEmitter;
  useEffect(() => {
    const onRaw = (data: string) => {
      const type = f2Event(data);
      if (type !== null) onKey({ input: '', key: { eventType: type }, sequence: data });
    };
    events.on('input', onRaw);
    return () => {
      events.off('input', onRaw);
    };
  }, [events, onKey]);
  return null;
}
