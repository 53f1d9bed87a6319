ALTER TABLE "assistance"."reviews" ADD COLUMN "origin" text DEFAULT 'scheduled' NOT NULL;--> statement-breakpoint
ALTER TABLE "assistance"."reviews" ADD COLUMN "change_task_id" bigint;--> statement-breakpoint
ALTER TABLE "assistance"."reviews" ADD COLUMN "consents" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "assistance"."reviews" ADD COLUMN "verification" jsonb;