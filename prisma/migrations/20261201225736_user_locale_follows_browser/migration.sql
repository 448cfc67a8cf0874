-- AlterTable
ALTER TABLE "user" ALTER COLUMN "locale" DROP NOT NULL,
ALTER COLUMN "locale" DROP DEFAULT;


-- A user who never chose a language with the switch (no user.locale audit entry) follows the browser from now on.
UPDATE "user" u SET locale = NULL
WHERE u.locale = 'en'
  AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'user.locale' AND a.user_id = u.id);
