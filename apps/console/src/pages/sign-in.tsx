import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { Me } from '@pt/contracts/identity/me';
import { api, readCookie, request, USERNAME_COOKIE } from '../api/client';
import { FormError, TextField } from '../components/form-fields';
import { applyProblem, summaryError } from '../components/form-problems';
import { usePageTitle } from '../components/page-title';
import { ME_KEY, useSession } from '../session';

interface SignInForm {
  login: string;
  password: string;
  rememberUsername: boolean;
}

export default function SignIn() {
  usePageTitle('Sign in');
  const { endedReason, setEndedReason } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  // The opted-in username cookie (P4) fills the field in; nothing else is remembered.
  const remembered = readCookie(USERNAME_COOKIE);
  const [failure, setFailure] = useState<{ error: unknown; other: string[] } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SignInForm>({ defaultValues: { login: remembered ?? '', password: '', rememberUsername: !!remembered } });

  const submit = handleSubmit(async (form) => {
    setFailure(null);
    try {
      await request('POST', '/api/v1/auth/sign-in?mode=cookie', {
        anonymous: true,
        body: {
          login: form.login,
          password: form.password,
          // false only when it was on: that clears the cookie; otherwise nothing is said.
          ...(form.rememberUsername ? { rememberUsername: true } : remembered ? { rememberUsername: false } : {}),
        },
      });
      setEndedReason(null);
      const me = await api.get<Me>('/api/v1/me');
      queryClient.setQueryData(ME_KEY, me);
      const from = (location.state as { from?: string } | null)?.from;
      void navigate(
        me.pendingPolicyDocuments.length > 0 ? '/accept-policies' : from && from !== '/sign-in' ? from : '/',
        {
          replace: true,
        },
      );
    } catch (error) {
      const other = applyProblem(error, setError, { login: 'Username or email', password: 'Password' });
      setFailure({ error: summaryError(error, other), other });
    }
  });

  return (
    <div className="narrow">
      <h1>Sign in</h1>
      {endedReason && (
        <div className="notice" role="alert">
          <p>{endedReason}</p>
        </div>
      )}
      <FormError error={failure?.error} messages={failure?.other} />
      <form onSubmit={submit} noValidate>
        <TextField
          label="Username or email"
          autoComplete="username"
          error={errors.login?.message}
          {...register('login', { required: 'Enter your username or email address.' })}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          error={errors.password?.message}
          {...register('password', { required: 'Enter your password.' })}
        />
        <div className="checkbox">
          <input type="checkbox" id="remember-username" {...register('rememberUsername')} />
          <label htmlFor="remember-username">
            Remember my username on this device (sets a cookie holding only your username, for 13 months)
          </label>
        </div>
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link to="/reset-password">Forgotten your password?</Link>
      </p>
      <p>
        Before signing in you can read the <Link to="/policies">policies and terms</Link> and how this console uses{' '}
        <Link to="/cookies">cookies</Link>.
      </p>
    </div>
  );
}
