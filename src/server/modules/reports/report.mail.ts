import nodemailer, { type Transporter } from 'nodemailer';

export type Mail = {
  to: string[];
  subject: string;
  text: string;
  /** `<…@…>`; the same on every attempt of one delivery, so mail systems can drop a repeat. */
  messageId: string;
  attachment?: { filename: string; content: Buffer; contentType: string };
};

/** SMTP delivery through nodemailer; one transport per process, reused across e-mails. */
export class Mailer {
  private transport: Transporter | null = null;
  constructor(
    private readonly smtpUrl: string | undefined,
    private readonly from: string,
  ) {}

  async send(mail: Mail) {
    if (!this.smtpUrl) throw new Error('SMTP_URL is not configured');
    this.transport ??= nodemailer.createTransport(this.smtpUrl);
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      ...(mail.attachment ? { attachments: [mail.attachment] } : {}),
    });
  }

  close() {
    this.transport?.close();
  }
}
