/**
 * One service on Home: what it is, the person's access at this centre, and the way in. A tile
 * with access links to the service's address (a stage setting, config.json `services`) with the
 * centre, the language and, for results, the exam series; a tile without access, under embargo,
 * or whose service has no address yet is not a link and says why, in words a screen reader reads
 * with the tile. The service itself asks Portal again (docs/services.md): the link opens a door,
 * it grants nothing.
 */
import type { MyMembership, ServiceTile as Tile } from "../../api/portal";
import { useSession } from "../../app/session";
import type { MessageKey } from "../../i18n/catalogue";
import { useLanguage } from "../../i18n/i18n";
import { opensAt } from "./Home";

/** Services an Exams Officer or Admin always has and a User never can (domain.md). */
const NOT_FOR_USERS = new Set(["a2c_keys", "question_papers"]);

export type Way = { kind: "open"; href: string } | { kind: "closed"; reason: MessageKey };

/** Where the tile leads, or why it leads nowhere. */
export function wayIn(
  tile: Tile,
  address: string | null | undefined,
  context: { centreId: string; language: string; seriesId?: string; accountType?: MyMembership["account_type"] },
): Way {
  if (tile.access === "none") {
    if (tile.available_from) return { kind: "closed", reason: "services.embargo" };
    const never = context.accountType === "user" && NOT_FOR_USERS.has(tile.service);
    return { kind: "closed", reason: never ? "services.notForUsers" : "services.noAccess" };
  }
  if (!address) return { kind: "closed", reason: "services.notLinked" };
  const url = new URL(address);
  url.searchParams.set("centre_id", context.centreId);
  url.searchParams.set("language", context.language);
  if (tile.service === "results" && context.seriesId) url.searchParams.set("series_id", context.seriesId);
  return { kind: "open", href: url.toString() };
}

export function ServiceTile({
  tile,
  centreId,
  seriesId,
}: {
  tile: Tile;
  centreId: string;
  seriesId?: string | undefined;
}) {
  const { t, language } = useLanguage();
  const session = useSession();
  const id = `tile-${tile.service}`;
  const name = t(`service.${tile.service}.name` as MessageKey);
  const way = wayIn(tile, session.config.services[tile.service], {
    centreId,
    language,
    ...(seriesId ? { seriesId } : {}),
    ...(session.membership ? { accountType: session.membership.account_type } : {}),
  });
  return (
    <li className={`tile tile--${tile.access}`} aria-labelledby={id}>
      <h3 id={id} className="tile__name">
        {name}
      </h3>
      <p className="tile__about">{t(`service.${tile.service}.about` as MessageKey)}</p>
      <p className="tile__access">
        <span className={`badge badge--${tile.access}`}>{t(`access.${tile.access}`)}</span>
        {tile.available_from ? (
          <span className="tile__opens"> {t("access.opens", { when: opensAt(tile.available_from, t) })}</span>
        ) : null}
      </p>
      {way.kind === "open" ? (
        <p className="tile__way">
          <a className="tile__link" href={way.href}>
            {t("services.open", { service: name })}
          </a>
        </p>
      ) : (
        <p className="tile__why">{t(way.reason)}</p>
      )}
    </li>
  );
}
