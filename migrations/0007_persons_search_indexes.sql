DROP INDEX "registry"."persons_division_idx";--> statement-breakpoint
DROP INDEX "registry"."persons_name_idx";--> statement-breakpoint
ALTER TABLE "registry"."persons" ADD COLUMN "county_code" varchar(6) GENERATED ALWAYS AS (left(division_code, 6)) STORED;--> statement-breakpoint
ALTER TABLE "registry"."persons" ADD COLUMN "township_code" varchar(9) GENERATED ALWAYS AS (left(division_code, 9)) STORED;--> statement-breakpoint
CREATE INDEX "persons_township_name_idx" ON "registry"."persons" USING btree ("township_code",("name" COLLATE "C"),"id");--> statement-breakpoint
CREATE INDEX "persons_county_name_idx" ON "registry"."persons" USING btree ("county_code",("name" COLLATE "C"),"id");--> statement-breakpoint
CREATE INDEX "persons_division_name_idx" ON "registry"."persons" USING btree ("division_code",("name" COLLATE "C"),"id");--> statement-breakpoint
CREATE INDEX "persons_name_idx" ON "registry"."persons" USING btree (("name" COLLATE "C"),"id");