"""Accreditation's data: ``office`` holds service categories, course accreditation, the hours
ledger and its totals, and certificates; ``field`` holds field roles, their requirements,
deployments and assignments."""

from accreditation.models.field import (  # noqa: F401
    ApiToken,
    Assignment,
    Attendance,
    Deployment,
    FieldRole,
    Licence,
    LicenceEvent,
    LicenceLevel,
    LicencePolicy,
    RoleRequirement,
)
from accreditation.models.office import (  # noqa: F401
    Certificate,
    CertificateBatch,
    CourseAccreditation,
    HoursEntry,
    HoursTotal,
    LedgerIsAppendOnly,
    OfficeAccreditationTask,
    OfficeAccreditationTaskState,
    ServiceCategory,
    optional_organisation,
    optional_person,
)
