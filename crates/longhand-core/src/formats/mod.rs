//! The file and wire formats every surface shares: a member's calendar and a team's charter as
//! JSON, the meeting audit's report shape, reading `.ics` files for the audit, and the problems
//! met reading them. The API's own request and response types live with the API
//! (`longhand_web::api::dto`).

pub mod audit_ics;
pub mod audit_report;
pub mod calendar_json;
pub mod calendar_problems;
pub mod charter_json;
