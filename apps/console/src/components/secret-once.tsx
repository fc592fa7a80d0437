// A secret the API shows once (a finance API key, a webhook signing secret): shown with a
// warning that it will not be shown again and a button that copies it.
import { useEffect, useRef, useState } from 'react';

export function SecretOnce({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const panel = useRef<HTMLElement>(null);
  // Focus moves to the secret when it appears, so the warning is read before anything else.
  useEffect(() => panel.current?.focus(), [secret]);
  return (
    <section ref={panel} className="notice secret-once" aria-labelledby="secret-once-heading" tabIndex={-1}>
      <h2 id="secret-once-heading">{title}</h2>
      <p>
        <strong>Copy it now: it is shown only this once.</strong> The platform keeps only a hash of it, so nobody can
        show it again; if it is lost, make a new one.
      </p>
      <p>
        <label htmlFor="secret-once-value">Secret</label>
        <input
          id="secret-once-value"
          className="secret-value"
          readOnly
          value={secret}
          onFocus={(e) => e.target.select()}
        />
      </p>
      <div className="actions">
        <button
          type="button"
          onClick={() =>
            navigator.clipboard
              .writeText(secret)
              .then(() => setCopied('yes'))
              .catch(() => setCopied('failed'))
          }
        >
          Copy to clipboard
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          I have stored it safely
        </button>
      </div>
      <p role="status">
        {copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'Could not copy: select the text and copy it.' : ''}
      </p>
    </section>
  );
}
