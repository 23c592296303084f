import type { MailDriver } from '../../lib/mail-driver'

export function createMinimalActivities(mail: MailDriver) {
  return {
    async sendEmail(to: string): Promise<void> {
      await mail.send({
        from: 'Bench <bench@crm.test>',
        to,
        subject: 'Thanks for reaching out',
        text: 'We received your request and will be in touch.',
        messageId: `<${to}>`,
      })
    },
  }
}
export type MinimalActivities = ReturnType<typeof createMinimalActivities>
