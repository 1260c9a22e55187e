import { describe, expect, it } from "vitest";

import { badEmail, MAX_ROWS, parseCsv, readBulkFile } from "../src/screens/users/bulk";

let n = 0;
const key = () => `key-${++n}`;
const HEADER = "email,given_name,family_name,account_type,permissions";

describe("the bulk invite file", () => {
  it("is parsed as CSV: quotes, doubled quotes, commas and line breaks inside quotes, BOM, CRLF", () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi"""\r\n"two\r\nlines",z\r\n\r\n';
    expect(parseCsv(text).records).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
      ["two\r\nlines", "z"],
    ]);
  });

  it("reads valid rows into invitations, each with its own idempotency key", () => {
    const file = readBulkFile(
      `${HEADER}\nnia@example.org, Nia ,Newman,User,iamis;ENTRIES results\n"o@example.org",Owain,"O'Neill",admin,\nsian@example.org,Siân,Jones,user,"results, view_scripts"\n`,
      key,
    );
    expect(file.problems).toEqual([]);
    expect(file.rows.map((r) => r.invitation)).toEqual([
      {
        email: "nia@example.org",
        given_name: "Nia",
        family_name: "Newman",
        account_type: "user",
        permissions: ["iamis", "entries", "results"],
      },
      { email: "o@example.org", given_name: "Owain", family_name: "O'Neill", account_type: "admin" },
      {
        email: "sian@example.org",
        given_name: "Siân",
        family_name: "Jones",
        account_type: "user",
        permissions: ["results", "view_scripts"],
      },
    ]);
    expect(file.rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(new Set(file.rows.map((r) => r.idempotencyKey)).size).toBe(3);
  });

  it("takes the columns in any order, by name, with a few other names", () => {
    const file = readBulkFile("Surname,First Name,Type,Email Address\nJones,Siân,user,s@example.org\n", key);
    expect(file.rows[0]?.invitation).toEqual({
      email: "s@example.org",
      given_name: "Siân",
      family_name: "Jones",
      account_type: "user",
      permissions: [],
    });
  });

  it("marks each row's problems and sends none of those rows", () => {
    const file = readBulkFile(
      [
        HEADER,
        ",Nia,Newman,user,",
        "bad-address,Nia,Newman,user,",
        `a@example.org,,${"x".repeat(101)},user,`,
        "b@example.org,Bob,Bell,exams_officer,",
        "c@example.org,Cai,Cole,teacher,",
        "d@example.org,Dai,Davies,user,a2c_keys;spelling",
        "e@example.org,Eve,Evans,user,",
        "E@Example.org,Eve,Again,user,",
        'f@example.org,"Ffion ""Ffi""",Evans,user,',
        "g@example.org,Gwyn,www.example.org,user,",
        "h@example.org,J.R.R.,O’Brien-Ap Hywel,user,",
        "ñ@example.org,Nia,Newman,user,",
        "i..j@example.org,Nia,Newman,user,",
        `${"k".repeat(65)}@example.org,Nia,Newman,user,`,
      ].join("\n"),
      key,
    );
    const problems = file.rows.map((r) => r.problems.map((p) => p.key));
    expect(problems).toEqual([
      ["bulk.row.emailMissing"],
      ["bulk.row.emailInvalid"],
      ["bulk.row.givenNameMissing", "bulk.row.familyNameLong"],
      ["bulk.row.examsOfficer"],
      ["bulk.row.typeUnknown"],
      ["bulk.row.permissionNotGrantable", "bulk.row.permissionUnknown"],
      [],
      ["bulk.row.duplicate"],
      ["bulk.row.givenNameInvalid"],
      ["bulk.row.familyNameInvalid"],
      [],
      ["bulk.row.emailInvalid"],
      ["bulk.row.emailInvalid"],
      ["bulk.row.emailInvalid"],
    ]);
    expect(file.rows[7]?.problems[0]?.values).toEqual({ row: 8 });
    expect(file.rows.filter((r) => r.invitation).map((r) => r.email)).toEqual(["e@example.org", "h@example.org"]);
  });

  it("takes an apostrophe before the @, as Portal and Cognito do, and still refuses what they refuse", () => {
    expect(["O'Brien@School.example", "sian.o'neill@ysgol.cymru"].map(badEmail)).toEqual([false, false]);
    expect(["a/b@school.example", ".a@school.example", "o'brien@school'.org"].map(badEmail)).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("says what is wrong with the file as a whole", () => {
    expect(readBulkFile("", key).problems[0]?.key).toBe("bulk.file.empty");
    expect(readBulkFile("\ufeff\r\n", key).problems[0]?.key).toBe("bulk.file.empty");
    expect(readBulkFile(`${HEADER}\r\n`, key).problems[0]?.key).toBe("bulk.file.noRows");
    const columns = readBulkFile("email,name\na@example.org,A\n", key).problems[0];
    expect(columns).toEqual({ key: "bulk.file.columns", values: { missing: "given_name, family_name, account_type" } });
    expect(readBulkFile(`${HEADER}\n"a@example.org,A,B,user,\n`, key).problems[0]?.key).toBe("bulk.file.quotes");
    const many = [HEADER, ...Array.from({ length: MAX_ROWS + 1 }, (_, i) => `p${i}@example.org,A,B,user,`)].join("\n");
    expect(readBulkFile(many, key).problems[0]?.key).toBe("bulk.file.tooMany");
  });
});
