import { InvoicePdf } from '@pt/contracts';
import { FastifyReply } from 'fastify';

/** A billing document's PDF as the answer: its type, a download name, never cached (it names the school). */
export function pdfReply(pdf: InvoicePdf, reply: FastifyReply): Buffer {
  void reply.header('Content-Type', pdf.contentType);
  void reply.header('Content-Disposition', `attachment; filename="${pdf.fileName}"`);
  void reply.header('Cache-Control', 'no-store');
  return Buffer.from(pdf.contentBase64, 'base64');
}
