import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LEASE_MS, compareSequencers, decideClaim, decideLease, supersededReason } from '../../../../../functions/lib/jobs/newest-wins.ts';
import type { OwnerState } from '../../../../../functions/lib/jobs/newest-wins.ts';

const OLD = { jobId: 'a'.repeat(24), sequencer: '0055AED6DCD90281E5' };
const NEW = { jobId: 'b'.repeat(24), sequencer: '0055AED6DCD90281E6' };
const NOW = 1_800_000_000_000;

function owner(newest: { jobId: string; sequencer: string }, lease?: { holder: string; untilMs: number }): OwnerState {
  return { ...newest, revision: 3, ...(lease ? { leaseHolder: lease.holder, leaseUntilMs: lease.untilMs } : {}) };
}

test('sequencers compare as AWS documents: the shorter is left-padded with zeros, then compared lexicographically', () => {
  assert.equal(compareSequencers('0055AED6DCD90281E5', '0055AED6DCD90281E6'), -1);
  assert.equal(compareSequencers('0055AED6DCD90281E6', '0055AED6DCD90281E5'), 1);
  assert.equal(compareSequencers('0055AED6DCD90281E5', '0055AED6DCD90281E5'), 0);
  // Different lengths: plain string order would call "F" newer than "10" and "0A" older than "A".
  assert.equal(compareSequencers('F', '10'), -1);
  assert.equal(compareSequencers('10', 'F'), 1);
  assert.equal(compareSequencers('0A', 'A'), 0);
  assert.equal(compareSequencers('55AED6DCD90281E5', '0055AED6DCD90281E5'), 0);
  assert.equal(compareSequencers('FFFFFFFFFFFFFFFF', '000100000000000000000'), -1);
  assert.equal(compareSequencers('00ff', '00FE'), 1, 'hex case does not matter');
  assert.equal(compareSequencers('', '01'), -1, 'no sequencer orders before any');
});

test('ingest: the first event claims; a newer one takes over; a redelivered one changes nothing', () => {
  assert.deepEqual(decideClaim(undefined, OLD), { kind: 'claim' });
  assert.deepEqual(decideClaim(owner(OLD), NEW), { kind: 'claim' });
  assert.deepEqual(decideClaim(owner(NEW), NEW), { kind: 'same' });
  assert.deepEqual(decideClaim(owner(NEW), { ...NEW, sequencer: '01' }), { kind: 'same' }, 'same job, whatever the sequencer');
});

test('ingest: an event older than the recorded newest is superseded by it (longer but smaller sequencer too)', () => {
  assert.deepEqual(decideClaim(owner(NEW), OLD), { kind: 'superseded', by: NEW });
  const shortNew = { jobId: NEW.jobId, sequencer: 'A0' };
  assert.deepEqual(decideClaim(owner(shortNew), { jobId: OLD.jobId, sequencer: '0000009F' }), { kind: 'superseded', by: shortNew });
});

test('ingest: an equal sequencer for another job (a sender that gave no order) lets the later arrival win', () => {
  assert.deepEqual(decideClaim(owner({ jobId: OLD.jobId, sequencer: '' }), { jobId: NEW.jobId, sequencer: '' }), { kind: 'claim' });
});

test('lease: the newest job gets a free, expired or its own lease', () => {
  assert.deepEqual(decideLease(owner(NEW), NEW, NOW), { kind: 'acquire' });
  assert.deepEqual(decideLease(owner(NEW, { holder: OLD.jobId, untilMs: NOW }), NEW, NOW), { kind: 'acquire' }, 'expired at now');
  assert.deepEqual(decideLease(owner(NEW, { holder: OLD.jobId, untilMs: NOW - 1 }), NEW, NOW), { kind: 'acquire' });
  assert.deepEqual(decideLease(owner(NEW, { holder: NEW.jobId, untilMs: NOW + LEASE_MS }), NEW, NOW), { kind: 'acquire' }, 're-entrant');
  assert.deepEqual(decideLease(undefined, NEW, NOW), { kind: 'acquire' }, 'no record: nothing claimed against it');
});

test('lease: the newest job waits while an older one holds an unexpired lease', () => {
  const state = owner(NEW, { holder: OLD.jobId, untilMs: NOW + 5_000 });
  assert.deepEqual(decideLease(state, NEW, NOW), { kind: 'wait', holder: OLD.jobId, untilMs: NOW + 5_000 });
});

test('lease: an older job is superseded whether or not a lease is held, and knows whether it still holds its own', () => {
  assert.deepEqual(decideLease(owner(NEW), OLD, NOW), { kind: 'superseded', by: NEW, holding: false });
  assert.deepEqual(decideLease(owner(NEW, { holder: NEW.jobId, untilMs: NOW + 1 }), OLD, NOW), {
    kind: 'superseded',
    by: NEW,
    holding: false,
  });
  assert.deepEqual(decideLease(owner(NEW, { holder: OLD.jobId, untilMs: NOW + 1 }), OLD, NOW), {
    kind: 'superseded',
    by: NEW,
    holding: true,
  });
  assert.deepEqual(
    decideLease(owner(NEW, { holder: OLD.jobId, untilMs: NOW }), OLD, NOW),
    { kind: 'superseded', by: NEW, holding: false },
    'expired',
  );
});

test('lease: a recorded job older than this one (this one never claimed) is taken over, after its lease', () => {
  assert.deepEqual(decideLease(owner(OLD), NEW, NOW), { kind: 'acquire' });
  assert.deepEqual(decideLease(owner(OLD, { holder: OLD.jobId, untilMs: NOW + 9 }), NEW, NOW), {
    kind: 'wait',
    holder: OLD.jobId,
    untilMs: NOW + 9,
  });
});

test('the lease outlasts any Lambda invocation (15 min maximum), so a dead holder cannot still be writing', () => {
  assert.ok(LEASE_MS > 900_000);
});

test('the superseded reason names the key, the newer job and its sequencer', () => {
  assert.equal(
    supersededReason('in/a.csv', NEW),
    `superseded by a newer upload of in/a.csv: job ${NEW.jobId} (S3 event sequencer ${NEW.sequencer}) owns the outputs`,
  );
});
