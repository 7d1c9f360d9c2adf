"""The decisions the audit trail records, by their stable codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    COURSE_ACCREDIT = "accreditation.course_accredit", _("Course accredited")
    HOURS_REVERSE = "accreditation.hours_reverse", _("Ledger entry reversed")
    STATEMENTS_BULK_ISSUE = "accreditation.statements_bulk_issue", _("Statements issued in bulk")
    CERTIFICATE_ISSUE = "certificates.issue", _("Certificate issued")
    CERTIFICATE_REVOKE = "certificates.revoke", _("Certificate revoked")
    CERTIFICATE_SUPERSEDE = "certificates.supersede", _("Certificate superseded")
    ATTENDANCE_RECORD = "field.attendance_record", _("Attendance recorded")
    ATTENDANCE_CONFIRM = "field.attendance_confirm", _("Attendance confirmed")
    ATTENDANCE_APPROVE = "field.attendance_approve", _("Attendance approved")
    ATTENDANCE_REJECT = "field.attendance_reject", _("Attendance rejected")
    ATTENDANCE_RETURN = "field.attendance_return", _("Attendance sent back by the deputy")
    ATTENDANCE_WITHDRAW = "field.attendance_withdraw", _("Attendance withdrawn")
    ASSIGNMENT_OVERRIDE = "field.assignment_override", _("Assigned despite the checks")
    LICENCE_ISSUE = "field.licence_issue", _("Licence issued")
    LICENCE_RENEW = "field.licence_renew", _("Licence renewed")
    LICENCE_SUSPEND = "field.licence_suspend", _("Licence suspended")
    LICENCE_REINSTATE = "field.licence_reinstate", _("Licence reinstated")
    LICENCE_REVOKE = "field.licence_revoke", _("Licence revoked")
    PHOTO_APPROVE = "field.photo_approve", _("Photo approved for licence cards")
    PHOTO_REJECT = "field.photo_reject", _("Photo rejected for licence cards")
    FEEDBACK_PUBLISH = "field.feedback_publish", _("Beneficiary's comment published")
    FEEDBACK_HIDE = "field.feedback_hide", _("Beneficiary's comment hidden")
    FEEDBACK_CODE_ISSUE = "field.feedback_code_issue", _("Feedback code issued for a poster")
    API_ATTENDANCE_SUBMIT = "partner_api.attendance_submit", _("Attendance submitted by a partner")
    USER_SECTION_CHANGE = "lms.user_section_change", _("Section changed")
    USER_ROLES_CHANGE = "lms.user_roles_change", _("Roles changed")
    VOLUNTEER_CORRECT = "office.volunteer_correct", _("Volunteer's record corrected")
    IDENTITY_UNMASK = "office.identity_unmask", _("Identity number shown in full")
    TEAM_MEMBERS_ADD = "office.team_members_add", _("Volunteers added to a team")
    CHANGE_REQUEST_DECLINE = "office.change_request_decline", _("Change request declined")
