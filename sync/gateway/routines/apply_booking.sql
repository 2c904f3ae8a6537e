-- Book, move or cancel in one statement on PostgreSQL: ``booking.py``'s rules (see its
-- docstring), run by the server next to the data instead of one round trip per step.
-- ``booking_pg.py`` calls it; the SQLite path is ``booking.apply_booking`` itself, and the same
-- tests run against both. Installed by ``database.upgrade`` at every start (CREATE OR REPLACE):
-- a changed signature needs a DROP FUNCTION of the old one here first.
--
-- What the server cannot know is judged by the caller and passed in: the slot's service and
-- start, and ``p_slot_problem`` ('outside_window' / 'office_closed', or NULL), judged against
-- the calendars (fingerprint ``p_calendars``; a stale one is answered 'stale') and the public
-- holidays. Closure days are read here, after the feed lock, as ``booking.py`` does.
-- Answers one row: outcome (booked, moved, cancelled, refused or stale), reason, the case's
-- existing booking (already_booked), the booking, and the feed numbers this transaction used.

CREATE OR REPLACE FUNCTION gateway_calendar_fingerprint() RETURNS text
LANGUAGE sql STABLE AS $fn$
    SELECT md5(string_agg(
        code || '|' || duration_minutes || '|' || working_hours::text || '|' || counters,
        ';' ORDER BY code))
    FROM services
$fn$;

CREATE OR REPLACE FUNCTION gateway_apply_booking(
    p_lookup_key text,
    p_booking_id text,
    p_action text,              -- book, move, cancel
    p_slot_id text,             -- NULL for a cancellation
    p_service text,             -- the slot's service and start (from the slot id)
    p_start timestamp,
    p_slot_problem text,        -- judged by the caller against calendars and holidays
    p_calendars text,           -- the calendars' fingerprint the caller judged with
    p_device_id text,
    p_now timestamptz,
    p_offline boolean,          -- a command: the slot must be leased to the device
    p_lease_grace interval,
    p_numbered_xid bigint,      -- feed numbers this transaction used so far (change_feed)
    p_numbered integer,
    p_feed_lock integer,
    p_slot_lock integer,
    p_xid_shift integer,
    OUT o_outcome text,
    OUT o_reason text,
    OUT o_existing text,
    OUT o_booking_id text,
    OUT o_service text,
    OUT o_start timestamp,
    OUT o_numbered_xid bigint,
    OUT o_numbered integer
) LANGUAGE plpgsql AS $fn$
DECLARE
    v_case text;
    v_row bookings%ROWTYPE;
    v_found boolean;
    v_booked text;
    v_lease_device text;
    v_lease_expires timestamptz;
    v_existing text;
    v_problem text;
    v_xid bigint;
    v_offset bigint;
BEGIN
    o_numbered_xid := p_numbered_xid;
    o_numbered := p_numbered;
    -- The case, by its key now or by one of an earlier epoch (case_keys.resolve_case).
    SELECT c.case_number INTO v_case
    FROM cases c WHERE c.lookup_key = p_lookup_key AND NOT c.removed;
    IF v_case IS NULL THEN
        SELECT c.case_number INTO v_case
        FROM cases c JOIN previous_keys k ON k.case_number = c.case_number
        WHERE k.lookup_key = p_lookup_key AND NOT c.removed;
    END IF;
    IF v_case IS NULL THEN
        o_outcome := 'refused'; o_reason := 'unknown_lookup_key';
        RETURN;
    END IF;
    IF p_slot_id IS NOT NULL
            AND p_calendars IS DISTINCT FROM gateway_calendar_fingerprint() THEN
        o_outcome := 'stale';  -- the caller reads the calendars again and asks again
        RETURN;
    END IF;
    -- The feed's shared lock, and the slot's own (change_feed.share_feed).
    IF p_action <> 'cancel' AND p_slot_id IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock_shared(p_feed_lock, hashtext(current_schema())),
                pg_advisory_xact_lock(p_slot_lock, hashtext(current_schema() || '/' || p_slot_id));
    ELSE
        PERFORM pg_advisory_xact_lock_shared(p_feed_lock, hashtext(current_schema()));
    END IF;
    -- The booking with this id, read under the case's row lock (booking._locked_booking).
    SELECT b.* INTO v_row
    FROM cases c LEFT JOIN bookings b ON b.booking_id = p_booking_id
    WHERE c.case_number = v_case
    FOR UPDATE OF c;
    v_found := v_row.booking_id IS NOT NULL;
    IF v_found AND v_row.case_number <> v_case THEN
        o_outcome := 'refused'; o_reason := 'not_found';
        RETURN;
    END IF;

    IF p_action = 'cancel' THEN
        o_outcome := 'cancelled';
        IF NOT v_found THEN
            -- Cancelled before its booking arrived: the id is used up (booking.CANCELLED_FIRST).
            INSERT INTO bookings (booking_id, case_number, active, source, device_id,
                                  created_at, updated_at)
            VALUES (p_booking_id, v_case, false, 'cancel_first', p_device_id, p_now, p_now);
            RETURN;
        END IF;
        IF v_row.active THEN
            UPDATE bookings SET active = false, updated_at = p_now
            WHERE booking_id = v_row.booking_id;
        ELSE
            RETURN;
        END IF;
    ELSE
        IF p_slot_id IS NULL THEN
            o_outcome := 'refused'; o_reason := 'outside_window';
            RETURN;
        END IF;
        IF v_found AND NOT v_row.active THEN
            o_outcome := 'refused'; o_reason := 'not_found';
            RETURN;
        END IF;
        IF p_action = 'book' AND v_found THEN  -- a repeat of an applied booking
            o_outcome := 'booked';
            o_booking_id := v_row.booking_id; o_service := v_row.service; o_start := v_row.start;
            RETURN;
        END IF;
        IF p_action = 'move' THEN
            IF NOT v_found THEN
                o_outcome := 'refused'; o_reason := 'not_found';
                RETURN;
            END IF;
            IF v_row.slot_id = p_slot_id THEN  -- a repeat, or a move to where it already is
                o_outcome := 'moved';
                o_booking_id := v_row.booking_id; o_service := v_row.service;
                o_start := v_row.start;
                RETURN;
            END IF;
        END IF;
        -- The slot: the caller's verdict, then the closure days (booking._slot).
        v_problem := p_slot_problem;
        IF v_problem IS NULL
                AND EXISTS (SELECT 1 FROM closure_days d WHERE d.day = p_start::date) THEN
            v_problem := 'office_closed';
        END IF;
        IF v_problem IS NULL AND p_action = 'move' AND p_service <> v_row.service THEN
            v_problem := 'not_found';  -- a booking moves within its service
        END IF;
        IF v_problem IS NOT NULL THEN
            o_outcome := 'refused'; o_reason := v_problem;
            RETURN;
        END IF;
        -- Who holds the slot (booking._slot_state, booking._claim_problem).
        SELECT b.booking_id INTO v_booked
        FROM bookings b WHERE b.slot_id = p_slot_id AND b.active LIMIT 1;
        SELECT l.device_id, l.expires_at INTO v_lease_device, v_lease_expires
        FROM slot_leases l WHERE l.slot_id = p_slot_id;
        IF v_booked IS NOT NULL THEN
            v_problem := 'slot_taken';
        ELSIF v_lease_device IS NOT NULL AND v_lease_device = p_device_id THEN
            v_problem := NULL;  -- its own lease, even if expired but not yet reclaimed
        ELSIF v_lease_expires IS NOT NULL AND v_lease_expires + p_lease_grace > p_now THEN
            v_problem := 'slot_taken';  -- another kiosk's lease, not yet reclaimable
        ELSIF p_offline THEN
            v_problem := 'lease_not_held';
        END IF;
        IF v_problem IS NOT NULL THEN
            o_outcome := 'refused'; o_reason := v_problem;
            RETURN;
        END IF;
        IF p_action = 'book' THEN
            SELECT b.booking_id INTO v_existing FROM bookings b
            WHERE b.case_number = v_case AND b.service = p_service AND b.active;
            IF v_existing IS NOT NULL THEN
                o_outcome := 'refused'; o_reason := 'already_booked'; o_existing := v_existing;
                RETURN;
            END IF;
            INSERT INTO bookings (booking_id, case_number, service, slot_id, start, active,
                                  source, device_id, created_at, updated_at)
            VALUES (p_booking_id, v_case, p_service, p_slot_id, p_start, true,
                    CASE WHEN p_offline THEN 'offline' ELSE 'online' END, p_device_id,
                    p_now, p_now)
            ON CONFLICT DO NOTHING;
            IF NOT FOUND THEN  -- a unique index refused it: say which (booking._conflict)
                o_outcome := 'refused'; o_reason := 'slot_taken';
                SELECT b.booking_id INTO v_existing FROM bookings b
                WHERE b.case_number = v_case AND b.service = p_service AND b.active;
                IF v_existing IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM bookings b WHERE b.slot_id = p_slot_id AND b.active) THEN
                    o_reason := 'already_booked'; o_existing := v_existing;
                END IF;
                RETURN;
            END IF;
            o_outcome := 'booked';
            o_booking_id := p_booking_id;
        ELSE
            BEGIN
                UPDATE bookings
                SET slot_id = p_slot_id, start = p_start, device_id = p_device_id,
                    updated_at = p_now
                WHERE booking_id = v_row.booking_id;
            EXCEPTION WHEN unique_violation THEN
                o_outcome := 'refused'; o_reason := 'slot_taken';
                RETURN;
            END;
            o_outcome := 'moved';
            o_booking_id := v_row.booking_id;
        END IF;
        DELETE FROM slot_leases WHERE slot_id = p_slot_id;  -- consumed by the booking
        o_service := p_service;
        o_start := p_start;
    END IF;

    -- The case's bookings onto its row with a new feed number (case_writes.refresh_bookings,
    -- change_feed.allocate_seqs).
    SELECT pg_current_xact_id()::text::bigint, value INTO v_xid, v_offset
    FROM change_counter WHERE id = 1;
    IF v_xid IS DISTINCT FROM p_numbered_xid THEN
        o_numbered := 0;
    END IF;
    IF o_numbered + 1 >= (1::bigint << p_xid_shift) OR v_xid >= (1::bigint << (63 - p_xid_shift)) THEN
        RAISE EXCEPTION 'too many feed changes in one transaction' USING ERRCODE = 'KG001';
    END IF;
    o_numbered := o_numbered + 1;
    o_numbered_xid := v_xid;
    UPDATE cases SET
        bookings = (
            SELECT coalesce(json_agg(json_build_object(
                'booking_id', b.booking_id,
                'service', b.service,
                'start', to_char(b.start, 'YYYY-MM-DD"T"HH24:MI:SS')
            ) ORDER BY b.start, b.booking_id), '[]'::json)
            FROM bookings b WHERE b.case_number = v_case AND b.active),
        change_seq = v_offset + (v_xid << p_xid_shift) + o_numbered
    WHERE case_number = v_case;
END
$fn$;
