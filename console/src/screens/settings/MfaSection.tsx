/**
 * Change MFA method: the authenticator app (QR code and secret, then a code), text message (the
 * phone in international form, saved with PATCH /me, then a code sent to it), or email; the
 * chosen method becomes the preferred one and the others are turned off.
 */
import { useEffect, useState } from "react";

import { errorSentence, fieldMessages } from "../../api/errors";
import { updateMe } from "../../api/portal";
import { useRecentSignIn } from "../../app/recentSignIn";
import { useMe, useSession } from "../../app/session";
import { confirmPhone, confirmTotp, mfaState, preferMfa, sendPhoneCode, startTotp, type MfaState } from "../../auth/account";
import { authErrorKey } from "../../auth/cognito";
import type { MfaMethod } from "../../auth/signInMachine";
import { useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button, Checkbox, RadioGroup, TextField } from "../../ui/fields";
import { Notice } from "../../ui/Page";
import { cleanCode, CodeField, METHOD_LABEL } from "../signIn/codeSteps";
import { TotpSecret } from "../signIn/setupSteps";
import { cleanPhone, looksLikeE164 } from "./ProfileSection";

type Step =
  | { step: "choose" }
  | { step: "totp"; secret: string; uri: string }
  | { step: "smsPhone" }
  | { step: "smsCode"; destination: string }
  | { step: "email" };

interface Problem {
  message: string;
  field?: string;
}

export function MfaSection({ start }: { start: MfaMethod | null }) {
  const t = useT();
  const me = useMe();
  const session = useSession();
  const [current, setCurrent] = useState<MfaState | null>(null);
  const [step, setStep] = useState<Step>({ step: "choose" });
  const [method, setMethod] = useState<MfaMethod | null>(start);
  const [code, setCode] = useState("");
  const [phone, setPhone] = useState(me.phone_number ?? "");
  const [confirmed, setConfirmed] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [changed, setChanged] = useState<MfaMethod | null>(null);
  const [busy, setBusy] = useState(false);
  const recentSignIn = useRecentSignIn();

  useEffect(() => {
    void mfaState()
      .then(setCurrent)
      .catch(() => setCurrent({ enabled: [], preferred: null }));
  }, []);
  useEffect(() => {
    if (start === "SMS") {
      setStep({ step: "smsPhone" });
      document.getElementById("mfa-heading")?.scrollIntoView?.();
    }
  }, [start]);

  const attempt = async (work: () => Promise<void>, field?: string) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (caught) {
      const fields = fieldMessages(caught, t);
      if (fields["phone_number"]) setProblem({ message: fields["phone_number"], field: "mfa-phone" });
      else if (caught instanceof Error && caught.name === "ApiError") setProblem({ message: errorSentence(caught, t) });
      else setProblem({ message: t(authErrorKey(caught)), field });
    } finally {
      setBusy(false);
    }
  };

  const finish = async (chosen: MfaMethod) => {
    const state = current ?? (await mfaState());
    await preferMfa(chosen, state);
    const now = await mfaState();
    setCurrent(now);
    // Say it changed only once Cognito says so.
    if (now.preferred !== chosen) throw new Error("the MFA preference did not change");
    setChanged(chosen);
    setStep({ step: "choose" });
    setMethod(null);
    setCode("");
  };

  const back = () => {
    setProblem(null);
    setCode("");
    setStep({ step: "choose" });
  };

  const choose = async () => {
    setChanged(null);
    if (!method) return setProblem({ message: t("mfaSetup.chooseRequired"), field: "mfa-method" });
    setProblem(null);
    // A change of MFA method goes to Cognito directly: a recent sign-in first (a courtesy, not a
    // control: docs/security.md). Cancelled, nothing starts.
    if (!(await recentSignIn())) return;
    if (method === "TOTP") void attempt(async () => setStep({ step: "totp", ...(await startTotp(me.email ?? "")) }));
    if (method === "SMS") setStep({ step: "smsPhone" });
    if (method === "EMAIL") setStep({ step: "email" });
  };

  const verifyTotp = () => {
    const digits = cleanCode(code);
    if (!digits) return setProblem({ message: t("code.required"), field: "code" });
    void attempt(async () => {
      await confirmTotp(digits);
      await finish("TOTP");
    }, "code");
  };

  const sendSms = () => {
    const number = cleanPhone(phone);
    if (!number) return setProblem({ message: t("sms.phoneRequired"), field: "mfa-phone" });
    if (!looksLikeE164(number)) return setProblem({ message: t("fieldError.phone_number"), field: "mfa-phone" });
    void attempt(async () => {
      if (number !== me.phone_number) session.setMe(await updateMe(session.api, { phone_number: number }));
      const destination = (await sendPhoneCode()) ?? number;
      setStep({ step: "smsCode", destination });
    }, "mfa-phone");
  };

  const verifySms = () => {
    const digits = cleanCode(code);
    if (!digits) return setProblem({ message: t("code.required"), field: "code" });
    void attempt(async () => {
      await confirmPhone(digits);
      await finish("SMS");
    }, "code");
  };

  const useEmail = () => {
    if (!confirmed) return setProblem({ message: t("emailMfa.confirmRequired"), field: "confirm-email" });
    void attempt(() => finish("EMAIL"), "confirm-email");
  };

  const errorFor = (field: string) => (problem?.field === field ? problem.message : null);
  const submit = { choose: () => void choose(), totp: verifyTotp, smsPhone: sendSms, smsCode: verifySms, email: useEmail }[
    step.step
  ];
  const backLink =
    step.step === "choose" ? null : (
      <p className="step__links">
        <button type="button" className="button button--link" onClick={back}>
          <span aria-hidden="true">← </span>
          {t("mfaSetup.back")}
        </button>
      </p>
    );

  return (
    <section aria-labelledby="mfa-heading">
      <h3 id="mfa-heading">{t("settings.mfa")}</h3>
      {current ? (
        <p>
          {current.preferred || current.enabled[0]
            ? t("settings.mfaCurrent", { method: t(METHOD_LABEL[(current.preferred ?? current.enabled[0]) as MfaMethod]) })
            : t("settings.mfaNone")}
        </p>
      ) : null}
      {changed ? <Notice tone="success">{t("settings.mfaChanged", { method: t(METHOD_LABEL[changed]) })}</Notice> : null}
      <ErrorSummary
        message={problem && !problem.field ? problem.message : null}
        items={problem?.field ? [{ id: problem.field, message: problem.message }] : []}
      />
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {step.step === "choose" ? (
          <>
            <RadioGroup
              id="mfa-method"
              legend={t("settings.mfaChoose")}
              choices={(["TOTP", "SMS", "EMAIL"] as MfaMethod[]).map((value) => ({
                value,
                label: t(METHOD_LABEL[value]),
                hint: t(value === "TOTP" ? "mfaSetup.totpHint" : value === "SMS" ? "mfaSetup.smsHint" : "mfaSetup.emailHint"),
              }))}
              value={method}
              onChange={setMethod}
              error={errorFor("mfa-method")}
            />
            <Button busy={busy}>{t("action.continue")}</Button>
          </>
        ) : null}
        {step.step === "totp" ? (
          <>
            <h4>{t("totp.title")}</h4>
            <p>{t("totp.step2")}</p>
            <TotpSecret secret={step.secret} uri={step.uri} />
            <p>{t("totp.step3")}</p>
            <CodeField value={code} onChange={setCode} error={errorFor("code")} />
            <Button busy={busy}>{t("action.verify")}</Button>
          </>
        ) : null}
        {step.step === "smsPhone" ? (
          <>
            <h4>{t("sms.title")}</h4>
            <TextField
              id="mfa-phone"
              label={t("sms.phone")}
              hint={t("sms.phoneHint")}
              type="tel"
              autoComplete="tel"
              value={phone}
              onChange={(event) => setPhone(event.target.value)}
              error={errorFor("mfa-phone")}
            />
            <Button busy={busy}>{t("sms.send")}</Button>
          </>
        ) : null}
        {step.step === "smsCode" ? (
          <>
            <h4>{t("sms.title")}</h4>
            <Notice>{t("settings.smsCodeSent", { phone: step.destination })}</Notice>
            <CodeField value={code} onChange={setCode} error={errorFor("code")} />
            <Button busy={busy}>{t("settings.smsVerify")}</Button>
          </>
        ) : null}
        {step.step === "email" ? (
          <>
            <h4>{t("emailMfa.title")}</h4>
            <p>{t("settings.emailConfirmIntro", { email: me.email ?? "" })}</p>
            <Checkbox id="confirm-email" label={t("emailMfa.confirm")} checked={confirmed} onChange={setConfirmed} error={errorFor("confirm-email")} />
            <Button busy={busy}>{t("action.verify")}</Button>
          </>
        ) : null}
      </form>
      {backLink}
      <p className="step__help">{t("settings.mfaHelp")}</p>
    </section>
  );
}
