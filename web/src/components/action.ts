// Runs one form's request and keeps what the page shows about it: busy, the errors by field
// (from problem+json), a general error, and a success message.
import { useCallback, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import type { FieldError } from './forms';

export type Action = {
  busy: boolean;
  errors: FieldError[];
  general: string | undefined;
  done: string | undefined;
  run: (work: () => Promise<string | void>, check?: () => FieldError[]) => Promise<boolean>;
  reset: () => void;
};

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [general, setGeneral] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const reset = useCallback(() => {
    setErrors([]);
    setGeneral(undefined);
    setDone(undefined);
  }, []);
  const run = useCallback(
    async (work: () => Promise<string | void>, check?: () => FieldError[]) => {
      reset();
      const problems = check?.() ?? [];
      if (problems.length > 0) {
        setErrors(problems);
        return false;
      }
      setBusy(true);
      try {
        const message = await work();
        if (message) setDone(message);
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.fieldErrors.some((e) => e.field)) setErrors(error.fieldErrors);
        else if (error instanceof ApiError && error.status === 412)
          setGeneral('Someone else changed this record meanwhile. Reload the page to see their change, then try again.');
        else setGeneral(error instanceof Error ? error.message : String(error));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [reset],
  );
  return { busy, errors, general, done, run, reset };
}
