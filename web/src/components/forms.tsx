// Form parts after the GOV.UK Design System: a label, a hint and an error message tied to each
// control, and an error summary that takes focus and links to the fields it names.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export type FieldError = { field: string; detail: string };

// The id a field gets in the page, from the name the API gives it: "items[0].value" -> "items-0-value".
export function fieldId(field: string): string {
  return `f-${field.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;
}

export function errorFor(errors: FieldError[], field: string): string | undefined {
  return errors.find((error) => error.field === field)?.detail;
}

export function ErrorSummary({ errors, general }: { errors: FieldError[]; general?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const shown = errors.length > 0 || !!general;
  useEffect(() => {
    if (shown) box.current?.focus();
  }, [shown, errors, general]);
  if (!shown) return null;
  return (
    <div class="govuk-error-summary" ref={box} tabIndex={-1} role="alert">
      <div>
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {general && <li>{general}</li>}
            {errors.map((error) => (
              <li key={error.field + error.detail}>
                {error.field ? (
                  <a href={`#${fieldId(error.field)}`}>{`${labelOf(error.field)}: ${error.detail}`}</a>
                ) : (
                  error.detail
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

function labelOf(field: string): string {
  return field.replace(/[._]/g, ' ').replace(/\[(\d+)\]/g, (_, n) => ` ${Number(n) + 1}`);
}

type BaseProps = {
  field: string;
  label: ComponentChildren;
  hint?: string;
  error?: string;
  value: string;
  onValue: (value: string) => void;
  required?: boolean;
  labelClass?: string;
};

function Wrapper({
  field,
  label,
  hint,
  error,
  labelClass,
  children,
}: Omit<BaseProps, 'value' | 'onValue'> & { children: ComponentChildren }) {
  const id = fieldId(field);
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class={`govuk-label ${labelClass ?? ''}`} for={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} class="govuk-hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {children}
    </div>
  );
}

function describedBy(field: string, hint?: string, error?: string): string | undefined {
  const id = fieldId(field);
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function TextInput(
  props: BaseProps & {
    type?: 'text' | 'password' | 'email' | 'search';
    width?: string;
    autocomplete?: string;
    inputMode?: 'numeric' | 'decimal' | 'text';
    spellcheck?: boolean;
  },
) {
  const { field, hint, error, value, onValue, type = 'text', width, autocomplete } = props;
  return (
    <Wrapper {...props}>
      <input
        class={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={fieldId(field)}
        name={field}
        type={type as 'text'}
        value={value}
        required={props.required}
        autocomplete={autocomplete ?? 'off'}
        inputMode={props.inputMode}
        spellcheck={props.spellcheck}
        aria-describedby={describedBy(field, hint, error)}
        aria-invalid={error ? true : undefined}
        onInput={(event) => onValue(event.currentTarget.value)}
      />
    </Wrapper>
  );
}

export function TextArea(props: BaseProps & { rows?: number }) {
  const { field, hint, error, value, onValue, rows = 5 } = props;
  return (
    <Wrapper {...props}>
      <textarea
        class={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        id={fieldId(field)}
        name={field}
        rows={rows}
        value={value}
        required={props.required}
        aria-describedby={describedBy(field, hint, error)}
        aria-invalid={error ? true : undefined}
        onInput={(event) => onValue(event.currentTarget.value)}
      />
    </Wrapper>
  );
}

export type Option = { value: string; label: string };

export function Select(props: BaseProps & { options: Option[]; placeholder?: string }) {
  const { field, hint, error, value, onValue, options, placeholder } = props;
  return (
    <Wrapper {...props}>
      <select
        class={`govuk-select${error ? ' govuk-select--error' : ''}`}
        id={fieldId(field)}
        name={field}
        value={value}
        required={props.required}
        aria-describedby={describedBy(field, hint, error)}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onValue(event.currentTarget.value)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Wrapper>
  );
}

export function Radios({
  field,
  legend,
  hint,
  error,
  value,
  onValue,
  options,
  inline = false,
}: {
  field: string;
  legend: string;
  hint?: string;
  error?: string;
  value: string;
  onValue: (value: string) => void;
  options: Option[];
  inline?: boolean;
}) {
  const id = fieldId(field);
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy(field, hint, error)}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div id={`${id}-hint`} class="govuk-hint">
            {hint}
          </div>
        )}
        {error && (
          <p id={`${id}-error`} class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <div class={`govuk-radios govuk-radios--small${inline ? ' govuk-radios--inline' : ''}`}>
          {options.map((option, index) => (
            <div class="govuk-radios__item" key={option.value}>
              <input
                class="govuk-radios__input"
                id={index === 0 ? id : `${id}-${index}`}
                name={field}
                type="radio"
                value={option.value}
                checked={value === option.value}
                onChange={() => onValue(option.value)}
              />
              <label class="govuk-label govuk-radios__label" for={index === 0 ? id : `${id}-${index}`}>
                {option.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function Button({
  children,
  secondary,
  warning,
  disabled,
  onClick,
  type = 'button',
}: {
  children: ComponentChildren;
  secondary?: boolean;
  warning?: boolean;
  disabled?: boolean;
  onClick?: () => void;
  type?: 'button' | 'submit';
}) {
  const kind = secondary ? ' govuk-button--secondary' : warning ? ' govuk-button--warning' : '';
  return (
    <button
      type={type}
      class={`govuk-button${kind}`}
      data-module="govuk-button"
      disabled={disabled}
      aria-disabled={disabled ? true : undefined}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
