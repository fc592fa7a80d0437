/**
 * The benchmark's webhook receiver in a process of its own (forked by webhooks.ts), so the
 * platform's sender and the floor's sender each post to the same receiver from outside it.
 * Told its secret over IPC; answers `count` with how many requests arrived and verified.
 */
import { WebhookReceiver } from '@pt/testing';

type Command = { secret: string } | { count: true } | { stop: true };

async function main(): Promise<void> {
  const receiver = await WebhookReceiver.start();
  process.on('message', (command: Command) => {
    if ('secret' in command) receiver.secrets = [command.secret];
    if ('count' in command) {
      process.send!({ received: receiver.received.length, verified: receiver.verified.length });
    }
    if ('stop' in command) void receiver.stop().then(() => process.exit(0));
  });
  process.send!({ url: receiver.url });
}

void main();
