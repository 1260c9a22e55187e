/** The helpdesk's centres: every centre (paged), each linked to its page, and a new centre. */
import { useCallback, useState, type FormEvent } from "react";

import { errorSentence, fieldMessages } from "../../api/errors";
import { createCentre, listCentres, type Centre, type CentreRequest } from "../../api/portal";
import { Link, navigate } from "../../app/router";
import { useSession } from "../../app/session";
import { useLanguage } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button, TextField } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { setFlash } from "../common/flash";
import { useIdempotencyKey } from "../common/idempotency";
import { Pager, usePaged } from "../common/paging";
import { when } from "../common/when";
import { HelpdeskNav } from "./HelpdeskNav";

export const CENTRES_PAGE_SIZE = 25;

export default function Centres() {
  const { t, language } = useLanguage();
  const { api } = useSession();
  const load = useCallback((cursor: string | null) => listCentres(api, { limit: CENTRES_PAGE_SIZE, cursor }), [api]);
  const paged = usePaged<Centre>(load, "centres");
  const [draft, setDraft] = useState<CentreRequest>({ centre_id: "", name: "" });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const attempts = useIdempotencyKey();

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const centre = { centre_id: draft.centre_id.trim(), name: draft.name.trim() };
    setBusy(true);
    setError(null);
    try {
      const created = await createCentre(api, centre, attempts.keyFor(centre));
      attempts.done();
      setFlash(t("helpdesk.centreCreated", { id: created.centre_id, name: created.name }));
      navigate(`/helpdesk/centres/${created.centre_id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const fields = fieldMessages(error, t);
  return (
    <Page title={t("helpdesk.centresTitle")} wide>
      <HelpdeskNav />
      {paged.error ? <ErrorSummary message={errorSentence(paged.error, t)} /> : null}
      {paged.items === null && !paged.error ? (
        <p role="status">{t("app.loading")}</p>
      ) : paged.items ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("helpdesk.centresTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("helpdesk.centreNumber")}</th>
                <th scope="col">{t("helpdesk.centreName")}</th>
                <th scope="col">{t("helpdesk.created")}</th>
              </tr>
            </thead>
            <tbody>
              {paged.items.map((centre) => (
                <tr key={centre.centre_id}>
                  <th scope="row">
                    <Link to={`/helpdesk/centres/${centre.centre_id}`}>{centre.centre_id}</Link>
                  </th>
                  <td>{centre.name}</td>
                  <td>{centre.created_at ? when(centre.created_at, language) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager paged={paged} label={t("helpdesk.centresPages")} />

      <section aria-labelledby="new-centre-title">
        <h2 id="new-centre-title">{t("helpdesk.newCentre")}</h2>
        <ErrorSummary
          message={error ? errorSentence(error, t) : null}
          items={Object.entries(fields).map(([field, message]) => ({ id: field, message }))}
        />
        <form className="form" noValidate onSubmit={(event) => void create(event)}>
          <TextField
            id="centre_id"
            label={t("helpdesk.centreNumber")}
            hint={t("helpdesk.centreNumberHint")}
            inputMode="numeric"
            autoComplete="off"
            className="field__input field__input--short"
            value={draft.centre_id}
            error={fields["centre_id"]}
            onChange={(event) => setDraft({ ...draft, centre_id: event.target.value })}
          />
          <TextField
            id="name"
            label={t("helpdesk.centreName")}
            hint={t("helpdesk.centreNameHint")}
            autoComplete="off"
            value={draft.name}
            error={fields["name"]}
            onChange={(event) => setDraft({ ...draft, name: event.target.value })}
          />
          <Button busy={busy}>{t("helpdesk.createCentre")}</Button>
        </form>
      </section>
    </Page>
  );
}
