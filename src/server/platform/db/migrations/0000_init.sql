CREATE TABLE "analytics_appointments_daily" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"is_total" boolean NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL,
	"booked" bigint DEFAULT 0 NOT NULL,
	"confirmed" bigint DEFAULT 0 NOT NULL,
	"checked_in" bigint DEFAULT 0 NOT NULL,
	"completed" bigint DEFAULT 0 NOT NULL,
	"cancelled" bigint DEFAULT 0 NOT NULL,
	"no_show" bigint DEFAULT 0 NOT NULL,
	"lead_time_seconds_sum" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_appointments_daily_pk" PRIMARY KEY("tenant_id","is_total","day","practitioner_id","department_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_appointments_monthly" (
	"tenant_id" uuid NOT NULL,
	"month" date NOT NULL,
	"is_total" boolean NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL,
	"booked" bigint DEFAULT 0 NOT NULL,
	"confirmed" bigint DEFAULT 0 NOT NULL,
	"checked_in" bigint DEFAULT 0 NOT NULL,
	"completed" bigint DEFAULT 0 NOT NULL,
	"cancelled" bigint DEFAULT 0 NOT NULL,
	"no_show" bigint DEFAULT 0 NOT NULL,
	"lead_time_seconds_sum" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_appointments_monthly_pk" PRIMARY KEY("tenant_id","is_total","month","practitioner_id","department_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_calls_daily" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"is_total" boolean NOT NULL,
	"direction" text NOT NULL,
	"agent_id" text NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL,
	"answered" bigint DEFAULT 0 NOT NULL,
	"missed" bigint DEFAULT 0 NOT NULL,
	"duration_seconds_sum" bigint DEFAULT 0 NOT NULL,
	"booked" bigint DEFAULT 0 NOT NULL,
	"transferred" bigint DEFAULT 0 NOT NULL,
	"sentiment_positive" bigint DEFAULT 0 NOT NULL,
	"sentiment_neutral" bigint DEFAULT 0 NOT NULL,
	"sentiment_negative" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_calls_daily_pk" PRIMARY KEY("tenant_id","is_total","day","direction","agent_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_calls_monthly" (
	"tenant_id" uuid NOT NULL,
	"month" date NOT NULL,
	"is_total" boolean NOT NULL,
	"direction" text NOT NULL,
	"agent_id" text NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL,
	"answered" bigint DEFAULT 0 NOT NULL,
	"missed" bigint DEFAULT 0 NOT NULL,
	"duration_seconds_sum" bigint DEFAULT 0 NOT NULL,
	"booked" bigint DEFAULT 0 NOT NULL,
	"transferred" bigint DEFAULT 0 NOT NULL,
	"sentiment_positive" bigint DEFAULT 0 NOT NULL,
	"sentiment_neutral" bigint DEFAULT 0 NOT NULL,
	"sentiment_negative" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_calls_monthly_pk" PRIMARY KEY("tenant_id","is_total","month","direction","agent_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"facts" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_communication_daily" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"is_total" boolean NOT NULL,
	"channel" text NOT NULL,
	"messages_in" bigint DEFAULT 0 NOT NULL,
	"messages_out" bigint DEFAULT 0 NOT NULL,
	"conversations_opened" bigint DEFAULT 0 NOT NULL,
	"conversations_closed" bigint DEFAULT 0 NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"response_seconds_sum" bigint DEFAULT 0 NOT NULL,
	"first_responses" bigint DEFAULT 0 NOT NULL,
	"first_response_seconds_sum" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_communication_daily_pk" PRIMARY KEY("tenant_id","is_total","day","channel")
);
--> statement-breakpoint
CREATE TABLE "analytics_communication_monthly" (
	"tenant_id" uuid NOT NULL,
	"month" date NOT NULL,
	"is_total" boolean NOT NULL,
	"channel" text NOT NULL,
	"messages_in" bigint DEFAULT 0 NOT NULL,
	"messages_out" bigint DEFAULT 0 NOT NULL,
	"conversations_opened" bigint DEFAULT 0 NOT NULL,
	"conversations_closed" bigint DEFAULT 0 NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"response_seconds_sum" bigint DEFAULT 0 NOT NULL,
	"first_responses" bigint DEFAULT 0 NOT NULL,
	"first_response_seconds_sum" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_communication_monthly_pk" PRIMARY KEY("tenant_id","is_total","month","channel")
);
--> statement-breakpoint
CREATE TABLE "analytics_dirty" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"fact" text NOT NULL,
	"day" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_journey_stages_daily" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"is_total" boolean NOT NULL,
	"department_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"stage_name" text NOT NULL,
	"stages_completed" bigint DEFAULT 0 NOT NULL,
	"stage_seconds_sum" bigint DEFAULT 0 NOT NULL,
	"dropped_off" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_journey_stages_daily_pk" PRIMARY KEY("tenant_id","is_total","day","department_id","template_id","position","stage_name")
);
--> statement-breakpoint
CREATE TABLE "analytics_journey_stages_monthly" (
	"tenant_id" uuid NOT NULL,
	"month" date NOT NULL,
	"is_total" boolean NOT NULL,
	"department_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"stage_name" text NOT NULL,
	"stages_completed" bigint DEFAULT 0 NOT NULL,
	"stage_seconds_sum" bigint DEFAULT 0 NOT NULL,
	"dropped_off" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_journey_stages_monthly_pk" PRIMARY KEY("tenant_id","is_total","month","department_id","template_id","position","stage_name")
);
--> statement-breakpoint
CREATE TABLE "analytics_journeys_daily" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"is_total" boolean NOT NULL,
	"department_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"started" bigint DEFAULT 0 NOT NULL,
	"completed" bigint DEFAULT 0 NOT NULL,
	"cancelled" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_journeys_daily_pk" PRIMARY KEY("tenant_id","is_total","day","department_id","template_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_journeys_monthly" (
	"tenant_id" uuid NOT NULL,
	"month" date NOT NULL,
	"is_total" boolean NOT NULL,
	"department_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"started" bigint DEFAULT 0 NOT NULL,
	"completed" bigint DEFAULT 0 NOT NULL,
	"cancelled" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_journeys_monthly_pk" PRIMARY KEY("tenant_id","is_total","month","department_id","template_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_response_buckets_daily" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"is_total" boolean NOT NULL,
	"channel" text NOT NULL,
	"bucket" integer NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_response_buckets_daily_pk" PRIMARY KEY("tenant_id","is_total","day","channel","bucket")
);
--> statement-breakpoint
CREATE TABLE "analytics_response_buckets_monthly" (
	"tenant_id" uuid NOT NULL,
	"month" date NOT NULL,
	"is_total" boolean NOT NULL,
	"channel" text NOT NULL,
	"bucket" integer NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_response_buckets_monthly_pk" PRIMARY KEY("tenant_id","is_total","month","channel","bucket")
);
--> statement-breakpoint
CREATE TABLE "analytics_response_medians_daily" (
	"tenant_id" uuid NOT NULL,
	"is_total" boolean NOT NULL,
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"bucket" integer NOT NULL,
	"responses" bigint NOT NULL,
	CONSTRAINT "analytics_response_medians_daily_pk" PRIMARY KEY("tenant_id","is_total","day","channel")
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"department_id" uuid,
	"location_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"source" text DEFAULT 'staff' NOT NULL,
	"reason" text,
	"cancel_reason" text,
	"booked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"no_show_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee_id" uuid,
	"last_message_at" timestamp with time zone,
	"last_inbound_at" timestamp with time zone,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"channel" text NOT NULL,
	"external_id" text,
	"message_type" text DEFAULT 'text' NOT NULL,
	"body" text,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"location" jsonb,
	"button_payload" text,
	"button_text" text,
	"reply_to_external_id" text,
	"template_sid" text,
	"status" text NOT NULL,
	"status_times" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error_code" text,
	"error_message" text,
	"sent_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practitioners" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"title" text,
	"specialty" text,
	"email" text,
	"phone" text,
	"department_id" uuid,
	"location_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "journey_template_stages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"expected_duration_days" integer
);
--> statement-breakpoint
CREATE TABLE "journey_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"department_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patient_journey_stages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"journey_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "patient_journeys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"department_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"phone" text,
	"email" text,
	"date_of_birth" date,
	"gender" text DEFAULT 'unknown' NOT NULL,
	"preferred_language" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"whatsapp_consent" text DEFAULT 'unknown' NOT NULL,
	"whatsapp_consent_at" timestamp with time zone,
	"merged_into_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_schedules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"request" jsonb NOT NULL,
	"frequency" text NOT NULL,
	"time_of_day" text,
	"day_of_week" integer,
	"day_of_month" integer,
	"cron" text,
	"recipients" text[] DEFAULT '{}'::text[] NOT NULL,
	"owner_role" text NOT NULL,
	"created_by" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"next_run_at" timestamp with time zone,
	"last_run_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"report_type" text NOT NULL,
	"format" text NOT NULL,
	"title" text NOT NULL,
	"request" jsonb NOT NULL,
	"requested_by_type" text NOT NULL,
	"requested_by" uuid,
	"role" text NOT NULL,
	"schedule_id" uuid,
	"slot_at" timestamp with time zone,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"row_count" bigint,
	"file_name" text,
	"content_type" text,
	"file_size" bigint,
	"error" text,
	"recipients" text[] DEFAULT '{}'::text[] NOT NULL,
	"delivery_status" text DEFAULT 'none' NOT NULL,
	"delivery_error" text,
	"delivered_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_by" uuid,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid,
	"request_id" text,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"time_zone" text DEFAULT 'Asia/Kolkata' NOT NULL,
	"locale" text DEFAULT 'en-IN' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"provider" text DEFAULT 'generic' NOT NULL,
	"external_call_id" text NOT NULL,
	"patient_id" uuid,
	"direction" text,
	"from_number" text,
	"to_number" text,
	"agent_id" text,
	"agent_name" text,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_seconds" integer,
	"end_reason" text,
	"recording_url" text,
	"summary" text,
	"sentiment" text,
	"intent" text,
	"outcome" text,
	"booking" jsonb,
	"booking_status" text DEFAULT 'none' NOT NULL,
	"booking_error" text,
	"appointment_id" uuid,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"merge_state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_channels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"secrets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"accept_static_secret" boolean DEFAULT false NOT NULL,
	"recording_hosts" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "voice_channels_tenant_id_unique" UNIQUE("tenant_id")
);
--> statement-breakpoint
CREATE TABLE "voice_transcript_segments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"speaker" text NOT NULL,
	"text" text NOT NULL,
	"start_ms" integer,
	"end_ms" integer
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"external_id" text NOT NULL,
	"tenant_id" uuid,
	"event_type" text,
	"ref" text,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"body" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"status" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_media" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"content_type" text NOT NULL,
	"source_url" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"size_bytes" integer,
	"data" "bytea",
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patient_identities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whatsapp_channels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"account_sid" text NOT NULL,
	"sender" text,
	"messaging_service_sid" text,
	"auth_token_enc" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whatsapp_channels_address" CHECK (sender is not null or messaging_service_sid is not null)
);
--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practitioners" ADD CONSTRAINT "practitioners_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practitioners" ADD CONSTRAINT "practitioners_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practitioners" ADD CONSTRAINT "practitioners_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_template_stages" ADD CONSTRAINT "journey_template_stages_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_template_stages" ADD CONSTRAINT "journey_template_stages_template_id_journey_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."journey_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_templates" ADD CONSTRAINT "journey_templates_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_templates" ADD CONSTRAINT "journey_templates_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_journey_stages" ADD CONSTRAINT "patient_journey_stages_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_journey_stages" ADD CONSTRAINT "patient_journey_stages_journey_id_patient_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."patient_journeys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_journeys" ADD CONSTRAINT "patient_journeys_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_journeys" ADD CONSTRAINT "patient_journeys_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_journeys" ADD CONSTRAINT "patient_journeys_template_id_journey_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."journey_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_journeys" ADD CONSTRAINT "patient_journeys_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_schedule_id_report_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."report_schedules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_calls" ADD CONSTRAINT "voice_calls_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_calls" ADD CONSTRAINT "voice_calls_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_calls" ADD CONSTRAINT "voice_calls_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_channels" ADD CONSTRAINT "voice_channels_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_transcript_segments" ADD CONSTRAINT "voice_transcript_segments_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_transcript_segments" ADD CONSTRAINT "voice_transcript_segments_call_id_voice_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."voice_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_media" ADD CONSTRAINT "message_media_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_media" ADD CONSTRAINT "message_media_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_identities" ADD CONSTRAINT "patient_identities_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_identities" ADD CONSTRAINT "patient_identities_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_channels" ADD CONSTRAINT "whatsapp_channels_tenant_id_organizations_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_changes_tenant_idx" ON "analytics_changes" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "analytics_dirty_tenant_idx" ON "analytics_dirty" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "appointments_tenant_start_idx" ON "appointments" USING btree ("tenant_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_tenant_practitioner_start_idx" ON "appointments" USING btree ("tenant_id","practitioner_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_tenant_patient_idx" ON "appointments" USING btree ("tenant_id","patient_id");--> statement-breakpoint
CREATE INDEX "conversations_tenant_last_idx" ON "conversations" USING btree ("tenant_id","last_message_at");--> statement-breakpoint
CREATE INDEX "conversations_tenant_patient_idx" ON "conversations" USING btree ("tenant_id","patient_id","channel");--> statement-breakpoint
CREATE INDEX "conversations_tenant_opened_idx" ON "conversations" USING btree ("tenant_id","opened_at");--> statement-breakpoint
CREATE INDEX "conversations_tenant_closed_idx" ON "conversations" USING btree ("tenant_id",greatest("opened_at", "closed_at")) WHERE "conversations"."status" = 'closed' and "conversations"."closed_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_tenant_external_key" ON "messages" USING btree ("tenant_id","channel","external_id");--> statement-breakpoint
CREATE INDEX "messages_tenant_conversation_idx" ON "messages" USING btree ("tenant_id","conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_tenant_created_idx" ON "messages" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "departments_tenant_name_key" ON "departments" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "locations_tenant_name_key" ON "locations" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "practitioners_tenant_idx" ON "practitioners" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "journey_template_stages_key" ON "journey_template_stages" USING btree ("tenant_id","template_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "journey_templates_tenant_name_key" ON "journey_templates" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "patient_journey_stages_key" ON "patient_journey_stages" USING btree ("tenant_id","journey_id","position");--> statement-breakpoint
CREATE INDEX "patient_journeys_tenant_started_idx" ON "patient_journeys" USING btree ("tenant_id","started_at");--> statement-breakpoint
CREATE INDEX "patient_journeys_tenant_patient_idx" ON "patient_journeys" USING btree ("tenant_id","patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "patients_tenant_phone_key" ON "patients" USING btree ("tenant_id","phone") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "patients_tenant_name_idx" ON "patients" USING btree ("tenant_id",lower("full_name"));--> statement-breakpoint
CREATE INDEX "report_schedules_tenant_idx" ON "report_schedules" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "report_schedules_due_idx" ON "report_schedules" USING btree ("next_run_at") WHERE active;--> statement-breakpoint
CREATE INDEX "reports_tenant_created_idx" ON "reports" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_schedule_slot_key" ON "reports" USING btree ("schedule_id","slot_at");--> statement-breakpoint
CREATE INDEX "api_keys_tenant_idx" ON "api_keys" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "audit_tenant_time_idx" ON "audit_log" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_tenant_entity_idx" ON "audit_log" USING btree ("tenant_id","entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "sessions_tenant_user_idx" ON "sessions" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_tenant_idx" ON "users" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "voice_calls_tenant_external_key" ON "voice_calls" USING btree ("tenant_id","provider","external_call_id");--> statement-breakpoint
CREATE INDEX "voice_calls_tenant_started_idx" ON "voice_calls" USING btree ("tenant_id","started_at");--> statement-breakpoint
CREATE INDEX "voice_calls_tenant_patient_idx" ON "voice_calls" USING btree ("tenant_id","patient_id");--> statement-breakpoint
CREATE INDEX "voice_calls_tenant_history_idx" ON "voice_calls" USING btree ("tenant_id",coalesce(started_at, created_at),"id");--> statement-breakpoint
CREATE UNIQUE INDEX "voice_transcript_segments_key" ON "voice_transcript_segments" USING btree ("tenant_id","call_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_provider_external_key" ON "webhook_events" USING btree ("provider","external_id");--> statement-breakpoint
CREATE INDEX "webhook_events_tenant_received_idx" ON "webhook_events" USING btree ("tenant_id","received_at");--> statement-breakpoint
CREATE INDEX "webhook_events_status_idx" ON "webhook_events" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "webhook_events_ref_idx" ON "webhook_events" USING btree ("provider","ref");--> statement-breakpoint
CREATE UNIQUE INDEX "message_media_key" ON "message_media" USING btree ("message_id","position");--> statement-breakpoint
CREATE INDEX "message_media_tenant_idx" ON "message_media" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "patient_identities_key" ON "patient_identities" USING btree ("tenant_id","kind","value");--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_channels_sender_key" ON "whatsapp_channels" USING btree ("account_sid","sender") WHERE sender is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_channels_service_key" ON "whatsapp_channels" USING btree ("account_sid","messaging_service_sid") WHERE messaging_service_sid is not null;--> statement-breakpoint
CREATE INDEX "whatsapp_channels_tenant_idx" ON "whatsapp_channels" USING btree ("tenant_id");