"""The one metadata that migrations and tests use: importing this registers every table."""

from sqlmodel import SQLModel

import app.identity.models  # (providers, SCIM, group mappings, provisioning log)
import app.job_models  # (the persisted job queue)
import app.live.models  # (live role-play settings)
import app.models  # (registers the platform tables)
import app.xapi_models  # noqa: F401  (the xAPI statement outbox)
import certification.models  # noqa: F401  (rules, certifications, reviews, credentials)
import drills.attempt_models  # (pitch attempts)
import drills.drill_models  # (drills, cards, review logs)
import drills.field_report_models  # (field reports)
import drills.models  # noqa: F401  (modules, versions, launches)

metadata = SQLModel.metadata
