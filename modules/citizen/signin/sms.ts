// The one-time codes leave through a pluggable SMS sender. The demo sender writes to the server log
// and keeps the last messages for the developer inbox page (never mounted in production).

export interface SmsMessage { phone: string; text: string; at: Date }

export interface SmsSender {
  /** Sends one message; must not throw for a delivery the operator will retry (codes simply expire). */
  send(phone: string, text: string): Promise<void>;
}

export interface SmsLog { info(obj: object, msg: string): void }

/** Writes each message to the log and keeps the latest `keep` for /m/dev/sms. */
export class DemoSmsSender implements SmsSender {
  private readonly messages: SmsMessage[] = [];
  constructor(private readonly log?: SmsLog, private readonly keep = 50) {}

  async send(phone: string, text: string): Promise<void> {
    this.messages.unshift({ phone, text, at: new Date() });
    this.messages.length = Math.min(this.messages.length, this.keep);
    this.log?.info({ phone, text }, 'demo SMS (not sent to a phone)');
  }

  /** Newest first. */
  inbox(): readonly SmsMessage[] {
    return this.messages;
  }
}
