import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PLATFORM_LOGGER } from '@pt/platform';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTransport, SendMailOptions, Transporter } from 'nodemailer';
import { Logger } from 'pino';
import { IdentityConfig } from '../identity.config';

/** What a message is for; the only thing about it (with ids) that reaches the logs. */
export type MailKind =
  | 'invitation'
  | 'password-reset'
  | 'marketing'
  | 'breach-notice'
  | 'rights-reminder'
  | 'webhook-disabled'
  | 'billing-notice';

export interface OutgoingMail {
  kind: MailKind;
  /** The user it is about, for the log line (an id, never the address). */
  userId: string;
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

/**
 * Sends email through SMTP when SMTP_URL is set. Without it (development, tests) every
 * message is written as an .eml file into MAIL_DIR, so a person can open the links in a
 * mail client and tests can read them; nothing leaves the machine. Logs carry the kind,
 * the user id and the message id only: never addresses, names or links (which hold tokens).
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly transport: Transporter;
  private readonly directory: string | null;

  constructor(
    private readonly config: IdentityConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {
    if (config.SMTP_URL) {
      this.transport = createTransport(config.SMTP_URL);
      this.directory = null;
    } else {
      this.transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      this.directory = mailDirectory(config.MAIL_DIR);
    }
  }

  /**
   * Never throws: the change that asked for the message is already committed, and an
   * admin can ask for a new link; a failure is logged (kind and user id) for ops. Callers
   * do not wait for it: a slow mail server must not turn a done change into a bus timeout,
   * and a reset request must take as long for an unknown login as for a real one (P6).
   */
  async send(mail: OutgoingMail): Promise<boolean> {
    const message: SendMailOptions = {
      from: this.config.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      headers: { 'X-Pupil-Tracking-Kind': mail.kind, ...mail.headers },
    };
    try {
      const info = await this.transport.sendMail(message);
      if (this.directory) await this.writeEml(mail.kind, info.message as Buffer);
      this.logger.info({ mailKind: mail.kind, userId: mail.userId, messageId: info.messageId }, 'mail sent');
      return true;
    } catch (error) {
      this.logger.error(
        {
          mailKind: mail.kind,
          userId: mail.userId,
          err: (error as Error).name,
          code: (error as { code?: string }).code,
        },
        'mail not sent',
      );
      return false;
    }
  }

  onModuleDestroy(): void {
    this.transport.close();
  }

  /** Named by time and a random id (never the recipient), written whole then renamed into place. */
  private async writeEml(kind: MailKind, content: Buffer): Promise<void> {
    await mkdir(this.directory!, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${kind}-${randomUUID()}.eml`;
    const temporary = join(this.directory!, `.${name}.tmp`);
    await writeFile(temporary, content, { mode: 0o600 });
    await rename(temporary, join(this.directory!, name));
  }
}

/** A relative MAIL_DIR is taken from the repository root (where package.json is), else the working directory. */
export function mailDirectory(configured: string): string {
  if (isAbsolute(configured)) return configured;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return resolve(dir, configured);
  }
  return resolve(process.cwd(), configured);
}
