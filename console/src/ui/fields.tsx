/**
 * Form fields with a visible label, an optional hint, and their error beside them; the input
 * names its hint and error in `aria-describedby` so a screen reader reads them with the label.
 */
import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

import { useT } from "../i18n/i18n";

interface FieldFrame {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null | undefined;
  optional?: boolean;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function Frame({ id, label, hint, error, optional, children }: FieldFrame & { children: ReactNode }) {
  const t = useT();
  return (
    <div className={error ? "field field--error" : "field"}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? <span className="field__optional"> {t("form.optional")}</span> : null}
      </label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

export function TextField({
  id,
  label,
  hint,
  error,
  optional,
  "aria-describedby": extra,
  ...input
}: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  const described = [extra, describedBy(id, hint, error)].filter(Boolean).join(" ") || undefined;
  return (
    <Frame id={id} label={label} hint={hint} error={error} optional={optional}>
      <input
        id={id}
        name={id}
        className="field__input"
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        {...input}
      />
    </Frame>
  );
}

export function SelectField({
  id,
  label,
  hint,
  error,
  optional,
  options,
  ...select
}: FieldFrame & { options: { value: string; label: string }[] } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id">) {
  return (
    <Frame id={id} label={label} hint={hint} error={error} optional={optional}>
      <select
        id={id}
        name={id}
        className="field__select"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

export interface Choice<V extends string> {
  value: V;
  label: string;
  hint?: string;
}

/** Radios in a fieldset whose legend is the question; the error names the group. */
export function RadioGroup<V extends string>({
  id,
  legend,
  choices,
  value,
  onChange,
  error,
}: {
  id: string;
  legend: string;
  choices: Choice<V>[];
  value: V | null;
  onChange: (value: V) => void;
  error?: string | null;
}) {
  return (
    <fieldset
      className={error ? "field field--error radios" : "field radios"}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend className="field__label">{legend}</legend>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {choices.map((choice, index) => {
        const inputId = index === 0 ? id : `${id}-${choice.value}`;
        return (
          <div className="radios__item" key={choice.value}>
            <input
              type="radio"
              id={inputId}
              name={id}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
              aria-describedby={choice.hint ? `${inputId}-hint` : undefined}
            />
            <label htmlFor={inputId}>{choice.label}</label>
            {choice.hint ? (
              <p className="radios__hint" id={`${inputId}-hint`}>
                {choice.hint}
              </p>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

export function Checkbox({
  id,
  label,
  checked,
  onChange,
  error,
  hint,
  disabled,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | null;
  hint?: string;
  disabled?: boolean;
}) {
  return (
    <div className={error ? "field field--error checkbox" : "field checkbox"}>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <input
        type="checkbox"
        id={id}
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="checkbox__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function Button({
  busy,
  children,
  variant = "primary",
  ...button
}: { busy?: boolean; variant?: "primary" | "secondary" | "link" | "danger" } & ButtonHTMLAttributes<HTMLButtonElement>) {
  const t = useT();
  return (
    <button
      type="submit"
      className={`button button--${variant}`}
      aria-disabled={busy ? true : undefined}
      {...button}
      onClick={busy ? (event) => event.preventDefault() : button.onClick}
    >
      {busy ? t("action.working") : children}
    </button>
  );
}
