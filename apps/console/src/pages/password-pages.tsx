// Password reset (request a link; set a new password from the link) and invitation
// acceptance (set the first password). The links carry their one-time token in the URL's
// fragment (#token=), which browsers never send to a server; it is read here and posted.
// The fragment is the router's (useLocation): a link opened in the tab that asked for it
// changes only the fragment, and the page must follow it, not keep the request form.
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useLocation } from 'react-router';
import { request } from '../api/client';
import { FormError, TextField } from '../components/form-fields';
import { applyProblem, summaryError } from '../components/form-problems';
import { usePageTitle } from '../components/page-title';
import { tokenFromHash } from './password-token';

interface NewPasswordForm {
  password: string;
  confirm: string;
}

function NewPassword({
  token,
  endpoint,
  submitLabel,
  done,
}: {
  token: string | null;
  endpoint: string;
  submitLabel: string;
  done: string;
}) {
  const [finished, setFinished] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown; other: string[] } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<NewPasswordForm>();

  if (!token) {
    return (
      <p className="notice">
        This page needs the link from your email. Open the link again, or{' '}
        <Link to="/reset-password">ask for a new one</Link>.
      </p>
    );
  }
  if (finished) {
    return (
      <div role="status">
        <p>{done}</p>
        <p>
          <Link to="/sign-in">Sign in</Link>
        </p>
      </div>
    );
  }
  const submit = handleSubmit(async (form) => {
    setFailure(null);
    try {
      await request('POST', endpoint, { anonymous: true, body: { token, password: form.password } });
      // The token has done its work: drop it from the address bar and history.
      window.history.replaceState(null, '', window.location.pathname);
      setFinished(true);
    } catch (error) {
      const other = applyProblem(error, setError, { password: 'New password' });
      const badLink = other.some((message) => message.startsWith('token '));
      setFailure({
        error: badLink ? undefined : summaryError(error, other),
        other: badLink ? ['The link has expired or was already used: ask for a new one.'] : other,
      });
    }
  });
  return (
    <>
      <FormError error={failure?.error} messages={failure?.other} />
      <form onSubmit={submit} noValidate>
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters. A few unrelated words make a strong password that is easy to remember."
          error={errors.password?.message}
          {...register('password', { required: 'Enter a new password.' })}
        />
        <TextField
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          error={errors.confirm?.message}
          {...register('confirm', {
            validate: (value) => value === getValues('password') || 'The two passwords are not the same.',
          })}
        />
        <button type="submit" disabled={isSubmitting}>
          {submitLabel}
        </button>
      </form>
    </>
  );
}

function RequestLink() {
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<{ login: string }>();
  if (sent) {
    return (
      <p role="status">
        If an account matches, we have emailed a link to reset its password. The link works once and for a short time.
      </p>
    );
  }
  const submit = handleSubmit(async (form) => {
    setFailure(null);
    try {
      await request('POST', '/api/v1/auth/password-reset', { anonymous: true, body: { login: form.login } });
      setSent(true);
    } catch (error) {
      applyProblem(error, setError, { login: 'Username or email' });
      setFailure(error);
    }
  });
  return (
    <>
      <FormError error={failure} />
      <form onSubmit={submit} noValidate>
        <TextField
          label="Username or email"
          autoComplete="username"
          error={errors.login?.message}
          {...register('login', { required: 'Enter your username or email address.' })}
        />
        <button type="submit" disabled={isSubmitting}>
          Email me a reset link
        </button>
      </form>
    </>
  );
}

export function ResetPassword() {
  const token = tokenFromHash(useLocation().hash);
  const hasToken = token !== null;
  usePageTitle(hasToken ? 'Set a new password' : 'Reset your password');
  return (
    <div className="narrow">
      <h1>{hasToken ? 'Set a new password' : 'Reset your password'}</h1>
      {hasToken ? (
        <NewPassword
          key={token}
          token={token}
          endpoint="/api/v1/auth/password-reset/confirm"
          submitLabel="Set new password"
          done="Your password has been changed and every session of your account has been signed out."
        />
      ) : (
        <RequestLink />
      )}
    </div>
  );
}

export function AcceptInvitation() {
  usePageTitle('Accept your invitation');
  const token = tokenFromHash(useLocation().hash);
  return (
    <div className="narrow">
      <h1>Accept your invitation</h1>
      <p>Choose a password to activate your account.</p>
      <NewPassword
        key={token}
        token={token}
        endpoint="/api/v1/auth/set-password"
        submitLabel="Activate my account"
        done="Your account is active. You can now sign in with your username and the password you chose."
      />
    </div>
  );
}
