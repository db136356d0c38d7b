//! The snooze job: a notification snoozed with "remind me later" comes back, unread, at the
//! time chosen — unless it was snoozed again (a later job brings it back) or opened since.

use super::Ran;
use crate::ops::OpResult;
use crate::store::WriteTx;
use crate::store::notifications as store_notifications;
use jiff::Timestamp;

/// Brings a snoozed notification back as unread.
pub(super) async fn bring_back(
    tx: &mut WriteTx,
    notification_id: i64,
    until: Timestamp,
) -> OpResult<Ran> {
    if store_notifications::unsnooze(tx, notification_id, until).await? {
        Ok(Ran::Acted)
    } else {
        Ok(Ran::Skipped(
            "the notification was opened or snoozed to another time since",
        ))
    }
}
