/**
 * The centre a management screen is about (GET /centres/{id}): its name and its Admin places
 * left, loaded once per screen and shown the same way on each.
 */
import { useEffect, useState } from "react";

import { errorSentence } from "../../api/errors";
import { getCentre, type CentreOverview } from "../../api/portal";
import { Link } from "../../app/router";
import { useSession } from "../../app/session";
import { useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";

export const ADMIN_LIMIT = 3;

export function useCentre(centreId: string): { centre: CentreOverview | null; error: unknown; reload: () => void } {
  const { api } = useSession();
  const [centre, setCentre] = useState<CentreOverview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    getCentre(api, centreId).then(
      (found) => live && setCentre(found),
      (caught: unknown) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [api, centreId, round]);
  return { centre, error, reload: () => setRound((r) => r + 1) };
}

/** "Centre 68101: Demo Centre", then the Admin places left. */
export function CentreLine({ centreId, centre, error }: { centreId: string; centre: CentreOverview | null; error: unknown }) {
  const t = useT();
  if (error) return <ErrorSummary message={errorSentence(error, t)} />;
  return (
    <div className="centre-line">
      <p className="lead">{t("home.centre", { id: centreId, name: centre?.name ?? "…" })}</p>
      {/* The line is there before the centre loads, so the links below it do not move under a
          pointer (or a browser test's click) when it arrives. */}
      <p className="centre-line__places" data-testid="admin-places">
        {centre ? t("users.adminPlaces", { left: centre.admin_places_left, limit: ADMIN_LIMIT }) : "\u00a0"}
      </p>
    </div>
  );
}

/** The way back to the centre's list of members. */
export function BackToUsers({ centreId }: { centreId: string }) {
  const t = useT();
  return (
    <p className="back-link">
      <Link to={`/centres/${centreId}/users`}>{t("users.back")}</Link>
    </p>
  );
}

export function fullName(person: { title?: string | null; given_name: string; family_name: string }): string {
  return [person.given_name, person.family_name].filter(Boolean).join(" ");
}
