//! What a block can do with its `lockstep::Side` besides `swap`: timeouts
//! and deadlines, `would_block`, the barrier form's waits, and the one-way
//! hand-offs `give`, `take` and `iter_take` on `Option<T>` buffers.
#![cfg(not(rendezvous_loom))]

mod common;

use common::panic_message;
use rendezvous_lockstep::{TimeoutError, lockstep};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::thread;
use std::time::{Duration, Instant};

/// Waits until `flag` is set: a block that must not arrive before its
/// partner has done something (timed out, asked) waits on it, so that no
/// test depends on how long a sleep lasts (Miri's clock is its own).
fn wait_for(flag: &AtomicBool) {
    while !flag.load(SeqCst) {
        thread::yield_now();
    }
}

/// Runs `f`, which must panic, and returns its panic payload's text.
fn panic_text(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("it should panic");
    panic_message(&*payload)
}

/// A reader that waits at most a while for a last message, as a language
/// server waits for `exit` after `shutdown`.
#[test]
fn a_timed_out_swap_lets_a_block_give_up_and_return() {
    let gave_up = AtomicBool::new(false);
    let (_, (got, late)) = lockstep::run(
        0,
        0,
        |writer| {
            *writer.get_mut() = 1;
            writer.swap();
            wait_for(&gave_up); // silent until the reader has given up
        },
        |reader| {
            let got = *reader.swap_timeout(Duration::from_secs(10)).unwrap();
            let late = reader.swap_timeout(Duration::from_millis(5));
            gave_up.store(true, SeqCst);
            (got, late.map(|_| ()))
        },
    );
    assert_eq!((got, late), (1, Err(TimeoutError::Timeout)));
}

/// The arrival of a timed-out swap stands: the partner's matching swap
/// completes with this block's buffer, and only the next one finds the
/// block gone. The run-time count check counts that swap.
#[test]
fn a_block_that_returns_after_a_timeout_leaves_its_standing_swap() {
    let returned = AtomicBool::new(false);
    let (timed_out, (first, second)) = lockstep::run(
        7,
        0,
        |side| {
            let timed_out = side.swap_timeout(Duration::ZERO).is_err() && side.is_pending();
            returned.store(true, SeqCst);
            timed_out
        },
        |side| {
            wait_for(&returned);
            let first = side.try_swap().map(|buffer| *buffer);
            let second = side
                .try_swap()
                .map(|_| ())
                .map_err(|err| err.partner_swaps());
            (first, second)
        },
    );
    assert!(timed_out);
    assert_eq!((first, second), (Ok(7), Err(1)));
}

#[test]
fn swap_deadline_gives_up_at_the_deadline_and_resumes() {
    let missed = AtomicBool::new(false);
    let (results, _) = lockstep::run(
        'l',
        'r',
        |side| {
            let deadline = Instant::now() + Duration::from_millis(10);
            let first = side.swap_deadline(deadline).map(|c| *c);
            assert!(Instant::now() >= deadline);
            missed.store(true, SeqCst);
            let second = side
                .swap_deadline(Instant::now() + Duration::from_secs(10))
                .map(|c| *c);
            (first, second)
        },
        |side| {
            wait_for(&missed);
            side.swap();
        },
    );
    assert_eq!(results, (Err(TimeoutError::Timeout), Ok('r')));
}

#[test]
fn a_partner_panic_propagates_through_swap_timeout() {
    let text = panic_text(|| {
        lockstep::run(
            (),
            (),
            |_| panic!("left gives up"),
            |side| side.swap_timeout(Duration::from_secs(10)).map(|_| ()),
        );
    });
    assert_eq!(text, "left gives up");
}

#[test]
fn would_block_forecasts_without_arriving() {
    let asked = AtomicBool::new(false);
    let (_, (before, after)) = lockstep::run(
        0,
        0,
        |side| {
            wait_for(&asked);
            *side.get_mut() = 5;
            side.swap();
        },
        |side| {
            let before = side.would_block();
            asked.store(true, SeqCst);
            while side.would_block() {
                thread::yield_now();
            }
            let after = side.swaps(); // asking arrived nowhere
            assert_eq!(*side.swap(), 5);
            (before, after)
        },
    );
    assert_eq!((before, after), (true, 0));
}

#[test]
fn the_barrier_form_waits_with_and_without_a_timeout() {
    let (left, right) = lockstep::run(
        (),
        (),
        |side| {
            side.wait();
            side.try_wait().unwrap();
            side.wait_deadline(Instant::now() + Duration::from_secs(10))
                .unwrap();
            side.swaps()
        },
        |side| {
            side.wait_timeout(Duration::from_secs(10)).unwrap();
            side.wait();
            side.wait();
            side.try_wait().map_err(|err| err.partner_swaps())
        },
    );
    assert_eq!((left, right), (3, Err(3)));
}

#[test]
fn an_object_goes_back_and_forth_with_give_and_take() {
    let (world, frames) = lockstep::run(
        None,
        None,
        |sim| {
            let mut world = vec![0_u64; 16];
            for _ in 0..common::scaled(100) {
                world.iter_mut().for_each(|cell| *cell += 1);
                sim.give(world).unwrap();
                world = sim.take().unwrap();
            }
            world
        },
        |render| {
            let mut frames = 0;
            while let Ok(world) = render.take() {
                assert!(world.iter().all(|&cell| cell == world[0]));
                frames += 1;
                render.give(world).unwrap();
            }
            frames
        },
    );
    assert_eq!(world, vec![common::scaled(100); 16]);
    assert_eq!(frames, common::scaled(100));
}

#[test]
fn iter_take_ends_when_the_giver_returns() {
    let (_, taken) = lockstep::run(
        None,
        None,
        |side| (0..5).for_each(|n| side.give(n).unwrap()),
        |side| side.iter_take().collect::<Vec<u32>>(),
    );
    assert_eq!(taken, [0, 1, 2, 3, 4]);
}

#[test]
fn a_give_to_a_block_that_returned_keeps_the_value() {
    let (kept, _) = lockstep::run(
        None,
        None,
        |side| {
            let err = side.give(String::from("frame")).unwrap_err();
            assert_eq!(err.partner_swaps(), 0);
            side.get_mut().take()
        },
        |_| (),
    );
    assert_eq!(kept.as_deref(), Some("frame"));
}

#[test]
fn a_take_from_a_block_that_returned_is_the_end_of_the_stream() {
    let (_, end) = lockstep::run(
        None,
        None,
        |side| side.give(1).unwrap(),
        |side| (side.take(), side.take().map_err(|err| err.partner_swaps())),
    );
    assert_eq!(end, (Ok(1), Err(1)));
}

#[test]
fn both_blocks_giving_panics_with_the_fix() {
    let text = panic_text(|| {
        let _ = lockstep::run(None, None, |side| side.give(1), |side| side.give(2));
    });
    assert!(
        text.starts_with("give: the partner handed a value over too"),
        "{text}"
    );
    assert!(text.contains("the other must take"), "{text}");
}

#[test]
fn both_blocks_taking_panics_with_the_fix() {
    let text = panic_text(|| {
        let _ = lockstep::run(None::<u8>, None, |side| side.take(), |side| side.take());
    });
    assert!(
        text.starts_with("take: the partner handed over no value"),
        "{text}"
    );
    assert!(text.contains("the other must give"), "{text}");
}

#[test]
fn a_give_after_a_failed_give_panics_instead_of_dropping_the_value() {
    let text = panic_text(|| {
        lockstep::run(
            None,
            None,
            |side| {
                assert!(side.give(1).is_err());
                let _ = side.give(2);
            },
            |_| (),
        );
    });
    assert!(
        text.starts_with("give: this side's buffer still holds a value"),
        "{text}"
    );
}

/// A taker that waits a bounded time with `swap_timeout` resumes the
/// standing swap with `take`, and gets the value it brings.
#[test]
fn take_completes_a_swap_that_timed_out() {
    let gave_up = AtomicBool::new(false);
    let (_, (timed_out, got)) = lockstep::run(
        None,
        None,
        |side| {
            wait_for(&gave_up);
            side.give(5).unwrap();
        },
        |side| {
            let timed_out = side.swap_timeout(Duration::ZERO).is_err() && side.is_pending();
            gave_up.store(true, SeqCst);
            (timed_out, side.take())
        },
    );
    assert!(timed_out);
    assert_eq!(got, Ok(5));
}

#[test]
fn a_give_while_a_swap_is_pending_panics_with_the_fix() {
    let gave_up = AtomicBool::new(false);
    let text = panic_text(|| {
        lockstep::run(
            None,
            None,
            |side| {
                assert!(side.swap_timeout(Duration::ZERO).is_err());
                gave_up.store(true, SeqCst);
                let _ = side.give(1);
            },
            |side| {
                wait_for(&gave_up);
                let _ = side.try_swap();
            },
        );
    });
    assert!(
        text.starts_with("give: a swap is pending after a timeout"),
        "{text}"
    );
}
