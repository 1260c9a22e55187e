import { describe, expect, it } from "vitest";

import { translator } from "../src/i18n/i18n";
import { opensAt } from "../src/screens/home/Home";

describe("when a service opens", () => {
  it("is said in UK time, in either language", () => {
    // 08:00 BST on results day is 07:00 UTC
    expect(opensAt("2026-08-13T07:00:00Z", translator("en"))).toBe("Thursday 13 August 2026 at 08:00 (UK time)");
    expect(opensAt("2026-08-13T08:00:00+01:00", translator("cy"))).toBe("Dydd Iau 13 Awst 2026 am 08:00 (amser y DU)");
    expect(opensAt("2027-01-14T08:00:00Z", translator("en"))).toBe("Thursday 14 January 2027 at 08:00 (UK time)");
  });
});
