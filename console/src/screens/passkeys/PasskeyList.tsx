/**
 * The person's passkeys as a table (name, kind, created), each with "Remove" after a question in
 * the page. Cognito names each passkey itself and records no "last used", so neither is invented.
 */
import { useState } from "react";

import type { Passkey, PasskeyKind } from "../../auth/passkeys";
import type { MessageKey } from "../../i18n/catalogue";
import { useLanguage } from "../../i18n/i18n";
import { Button } from "../../ui/fields";
import { Confirm } from "../common/Confirm";
import { when } from "../common/when";
import { passkeyName, type Passkeys } from "./usePasskeys";

const KIND_KEY: Record<PasskeyKind, MessageKey> = {
  platform: "passkeys.kind.platform",
  "cross-platform": "passkeys.kind.crossPlatform",
  unknown: "passkeys.notKnown",
};

export function PasskeyList({ model }: { model: Passkeys }) {
  const { t, language } = useLanguage();
  const [asking, setAsking] = useState<Passkey | null>(null);
  const { passkeys } = model;
  if (passkeys === null) return model.listFailed ? null : <p role="status">{t("app.loading")}</p>;
  if (passkeys.length === 0) return <p>{t("passkeys.none")}</p>;
  const created = (passkey: Passkey) =>
    passkey.createdAt ? when(passkey.createdAt.toISOString(), language) : t("passkeys.notKnown");
  const last = passkeys.length === 1 && (model.on || model.review);
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <caption>{t("passkeys.listCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("passkeys.name")}</th>
              <th scope="col">{t("passkeys.kind")}</th>
              <th scope="col">{t("passkeys.createdAt")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("passkeys.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {passkeys.map((passkey) => (
              <tr key={passkey.id}>
                <th scope="row">{passkeyName(passkey, t)}</th>
                <td>{t(KIND_KEY[passkey.kind])}</td>
                <td>{created(passkey)}</td>
                <td>
                  <Button type="button" variant="secondary" onClick={() => setAsking(passkey)}>
                    {t("passkeys.remove")}
                    <span className="visually-hidden">
                      {" "}
                      {t("passkeys.removeWhich", { name: passkeyName(passkey, t), created: created(passkey) })}
                    </span>
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {asking ? (
        <Confirm
          id="remove-passkey"
          question={t("passkeys.removeQuestion", { name: passkeyName(asking, t) })}
          confirm={t("passkeys.removeConfirm")}
          busy={model.busy === "remove"}
          onConfirm={() => {
            void model.remove(asking).then((done) => done && setAsking(null));
          }}
          onCancel={() => setAsking(null)}
        >
          <p>{t("passkeys.removeWarning")}</p>
          {last ? <p>{t("passkeys.removeLast")}</p> : null}
        </Confirm>
      ) : null}
    </>
  );
}
