ALTER TABLE "elderly"."facilities" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "elderly"."institutions" ADD COLUMN "address" text;