-- A quiet open lead reminds its owner to follow up (decision 0089).
ALTER TYPE "NotificationKind" ADD VALUE 'LEAD_FOLLOW_UP_DUE';
