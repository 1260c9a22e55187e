"""Y templedi Cymraeg: the Welsh templates, written as Welsh rather than translated word by word.

Names of centres and people are never placed where Welsh grammar would mutate them (after
"i", "at", "yn"): phrasings such as "ar gyfer $centre_name" keep them as they are written.
"""

from __future__ import annotations

from portal.constants import PASSWORD_MIN_LENGTH
from portal.domain.model import EmailKind
from portal.emails.layout import EmailTemplate, Facts, Link, P, template

HEADER = "Portal $brand"
SIGNATURE = "Tîm Portal $brand"
FOOTER = (
    "Anfonwyd yr e-bost hwn yn awtomatig gan Portal $brand. Nid yw atebion i'r cyfeiriad hwn yn "
    "cael eu darllen. Peidiwch byth â rhannu eich cyfrinair na'ch codau ag unrhyw un, gan gynnwys "
    "staff $brand."
)
SIGN_IN = Link("Mewngofnodi i Portal", "$portal_url")
CREDENTIALS = Facts((("Cyfeiriad e-bost", "$email"), ("Cyfrinair dros dro", "$temporary_password")))
FIRST_SIGN_IN = P(
    "Pan fyddwch yn mewngofnodi am y tro cyntaf, byddwch yn dewis cyfrinair newydd sydd o leiaf "
    f"{PASSWORD_MIN_LENGTH} nod o hyd, ac yna'n gosod dilysu aml-ffactor (ap dilysu, neges destun "
    "neu e-bost)."
)
EXPIRY = P(
    "Daw'r gwahoddiad hwn i ben ar $expires_on. Ar ôl hynny, gofynnwch i Swyddog Arholiadau neu "
    "Weinyddwr yn eich canolfan anfon gwahoddiad newydd atoch."
)
NOT_EXPECTED = P("Os nad oeddech yn disgwyl yr e-bost hwn, gallwch ei anwybyddu.")
NOT_YOU = P(
    "Os nad chi wnaeth hyn na gofyn amdano, efallai fod rhywun arall yn defnyddio eich cyfrif: "
    "cysylltwch â desg gymorth $brand ar unwaith yn $helpdesk_email."
)


def _t(subject: str, *body: P | Facts | Link) -> EmailTemplate:
    return template("cy", HEADER, subject, (P("$greeting"), *body), SIGNATURE, FOOTER)


TEMPLATES: dict[EmailKind, EmailTemplate] = {
    EmailKind.INVITATION: _t(
        "Gwahoddiad i Portal $brand",
        P(
            "Mae $inviter_name wedi eich gwahodd i ddefnyddio Portal $brand ar gyfer $centre_name "
            "(canolfan $centre_id)."
        ),
        P("Mewngofnodwch gyda'r manylion hyn:"),
        CREDENTIALS,
        FIRST_SIGN_IN,
        EXPIRY,
        SIGN_IN,
        NOT_EXPECTED,
    ),
    EmailKind.NEW_INVITATION: _t(
        "Gwahoddiad newydd i Portal $brand",
        P(
            "Mae $inviter_name wedi anfon gwahoddiad newydd atoch i Portal $brand ar gyfer "
            "$centre_name (canolfan $centre_id). Nid yw unrhyw gyfrinair dros dro a gawsoch o'r "
            "blaen yn gweithio mwyach."
        ),
        P("Mewngofnodwch gyda'r manylion hyn:"),
        CREDENTIALS,
        FIRST_SIGN_IN,
        EXPIRY,
        SIGN_IN,
        NOT_EXPECTED,
    ),
    EmailKind.ACCESS_CODE: _t(
        "Eich cod mynediad i Portal $brand",
        P("Defnyddiwch y cod hwn i osod cyfrinair newydd ar gyfer Portal $brand:"),
        Facts((("Cod mynediad", "$code"),)),
        P(
            "Os na wnaethoch ofyn am gael ailosod eich cyfrinair, gallwch anwybyddu'r e-bost hwn: "
            "nid yw eich cyfrinair wedi newid."
        ),
    ),
    EmailKind.MFA_CODE: _t(
        "Eich cod mewngofnodi i Portal $brand",
        P("Defnyddiwch y cod hwn i orffen mewngofnodi i Portal $brand:"),
        Facts((("Cod mewngofnodi", "$code"),)),
        P(
            "Os na wnaethoch geisio mewngofnodi gynnau, efallai fod rhywun yn gwybod eich "
            "cyfrinair: newidiwch ef ar unwaith a chysylltwch â desg gymorth $brand."
        ),
    ),
    EmailKind.ADDED_TO_CENTRE: _t(
        "Canolfan newydd ar Portal $brand: $centre_name",
        P(
            "Mae $inviter_name wedi eich ychwanegu fel $account_type ar gyfer $centre_name "
            "(canolfan $centre_id) ar Portal $brand."
        ),
        P(
            "Mewngofnodwch gyda'ch cyfeiriad e-bost a'ch cyfrinair arferol: fe welwch y ganolfan "
            "newydd ochr yn ochr ag unrhyw ganolfannau eraill sydd gennych."
        ),
        SIGN_IN,
    ),
    EmailKind.ACCESS_CHANGED: _t(
        "Mae eich mynediad ar gyfer $centre_name ar Portal $brand wedi newid",
        P(
            "Mae eich mynediad i Portal $brand ar gyfer $centre_name (canolfan $centre_id) wedi "
            "newid. Dyma eich mynediad nawr:"
        ),
        Facts((("Math o gyfrif", "$account_type"), ("Gwasanaethau", "$permissions"))),
        P(
            "Mae'r newid yn dod i rym ar unwaith. Os oes gennych gwestiynau amdano, gofynnwch i "
            "Swyddog Arholiadau neu Weinyddwr yn eich canolfan."
        ),
        SIGN_IN,
    ),
    EmailKind.ACCOUNT_REMOVED: _t(
        "Mae eich mynediad i Portal $brand ar gyfer $centre_name wedi dod i ben",
        P(
            "Mae eich cyfrif ar gyfer $centre_name (canolfan $centre_id) ar Portal $brand wedi'i "
            "ddileu, felly ni allwch ddefnyddio Portal ar gyfer y ganolfan honno mwyach."
        ),
        P(
            "Nid yw hyn yn effeithio ar eich mynediad mewn unrhyw ganolfan arall. Os ydych yn credu "
            "bod hyn yn gamgymeriad, cysylltwch â Swyddog Arholiadau neu Weinyddwr yn y ganolfan."
        ),
    ),
    EmailKind.MFA_RESET: _t(
        "Mae dilysu aml-ffactor eich cyfrif Portal $brand wedi'i ailosod",
        P("Mae desg gymorth $brand wedi ailosod y dilysu aml-ffactor ar eich cyfrif Portal."),
        P(
            "Y tro nesaf y byddwch yn mewngofnodi, bydd gofyn i chi ei osod eto, gydag ap dilysu, "
            "neges destun neu e-bost."
        ),
        NOT_YOU,
        SIGN_IN,
    ),
    EmailKind.PASSWORD_CHANGED: _t(
        "Mae cyfrinair eich cyfrif Portal $brand wedi newid",
        P("Newidiwyd cyfrinair eich cyfrif Portal $brand gynnau."),
        NOT_YOU,
    ),
    EmailKind.PASSWORD_RESET: _t(
        "Mae cyfrinair eich cyfrif Portal $brand wedi'i ailosod",
        P(
            "Ailosodwyd cyfrinair eich cyfrif Portal $brand gynnau, gyda chod mynediad a anfonwyd "
            "ar gyfer cyfrinair wedi'i anghofio."
        ),
        NOT_YOU,
    ),
    EmailKind.MFA_SET_UP: _t(
        "Mae dilysu aml-ffactor wedi'i osod ar eich cyfrif Portal $brand",
        P("Gosodwyd dilysu aml-ffactor ar eich cyfrif Portal $brand gynnau."),
        Facts((("Ffyrdd o fewngofnodi", "$methods"),)),
        NOT_YOU,
    ),
    EmailKind.MFA_CHANGED: _t(
        "Mae dilysu aml-ffactor eich cyfrif Portal $brand wedi newid",
        P("Newidiwyd gosodiadau dilysu aml-ffactor eich cyfrif Portal $brand gynnau."),
        Facts((("Ffyrdd o fewngofnodi", "$methods"),)),
        NOT_YOU,
    ),
    EmailKind.PASSKEY_ADDED: _t(
        "Ychwanegwyd cyfrinallwedd at eich cyfrif Portal $brand",
        P(
            "Ychwanegwyd cyfrinallwedd (passkey) at eich cyfrif Portal $brand gynnau: gall eich "
            "mewngofnodi o hyn ymlaen."
        ),
        NOT_YOU,
    ),
    EmailKind.PASSKEY_REMOVED: _t(
        "Tynnwyd cyfrinallwedd o'ch cyfrif Portal $brand",
        P(
            "Tynnwyd cyfrinallwedd (passkey) o'ch cyfrif Portal $brand gynnau: ni all eich "
            "mewngofnodi mwyach."
        ),
        NOT_YOU,
    ),
    EmailKind.PHONE_CHANGED: _t(
        "Mae'r rhif ffôn ar eich cyfrif Portal $brand wedi newid",
        P("Newidiwyd y rhif ffôn ar eich cyfrif Portal $brand gynnau."),
        Facts((("Rhif ffôn", "$phone_number"),)),
        NOT_YOU,
    ),
    EmailKind.ACCOUNT_DISABLED: _t(
        "Mae eich cyfrif Portal $brand wedi'i analluogi",
        P(
            "Mae desg gymorth $brand wedi analluogi eich cyfrif Portal, ym mhob canolfan: ni allwch "
            "fewngofnodi nes iddo gael ei alluogi eto."
        ),
        P("Os nad oeddech yn disgwyl hyn, cysylltwch â desg gymorth $brand yn $helpdesk_email."),
    ),
    EmailKind.ACCOUNT_ENABLED: _t(
        "Mae eich cyfrif Portal $brand wedi'i alluogi",
        P("Mae desg gymorth $brand wedi alluogi eich cyfrif Portal eto: gallwch fewngofnodi fel o'r blaen."),
        NOT_YOU,
        SIGN_IN,
    ),
    EmailKind.RISKY_SIGN_IN: _t(
        "Mewngofnodi anarferol i'ch cyfrif Portal $brand",
        P(
            "Ceisiodd rhywun fewngofnodi i'ch cyfrif Portal $brand ar $when, mewn ffordd a oedd yn "
            "edrych yn anarferol: o le neu ddyfais newydd, neu fel ymosodiad awtomataidd."
        ),
        P(
            "Os mai chi oedd yno, nid oes angen gwneud dim. Os nad chi, newidiwch eich cyfrinair ar "
            "unwaith a chysylltwch â desg gymorth $brand yn $helpdesk_email."
        ),
    ),
}

GREETING = "Helo $given_name,"
GREETING_NO_NAME = "Helo,"
