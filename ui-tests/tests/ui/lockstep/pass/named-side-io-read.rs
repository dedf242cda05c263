// Reads ahead through `io::Read`: the right block fills chunks while the
// left block parses the previous one, and buffers are recycled, not
// reallocated. The adapter holds the named side (`as side`), a
// `&mut lockstep::Side<'_, Vec<u8>>`, and swaps in its `read` with
// `try_swap()`, which ends the stream once the filling block has returned.
// `swap!` cannot go in an `impl`; the side can.
use rendezvous_lockstep::lockstep;
use rendezvous_lockstep::lockstep::Side;
use std::io::{self, BufRead, BufReader, Read};

struct ChunkReader<'s, 'p> {
    side: &'s mut Side<'p, Vec<u8>>,
    at: usize,
    done: bool,
}

impl Read for ChunkReader<'_, '_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            let chunk = self.side.get_mut();
            if self.at < chunk.len() {
                let n = out.len().min(chunk.len() - self.at);
                out[..n].copy_from_slice(&chunk[self.at..self.at + n]);
                self.at += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            match self.side.try_swap() {
                Ok(_) => self.at = 0,      // a fresh chunk
                Err(_) => self.done = true, // the filling block has returned
            }
        }
    }
}

fn main() {
    let source = "one\ntwo\nthree\nfour\n".repeat(100);
    let (lines, chunks) = lockstep! {
        <Vec<u8>>
        left |_chunk = Vec::with_capacity(64)| as side {
            let reader = BufReader::new(ChunkReader { side, at: 0, done: false });
            reader.lines().map(Result::unwrap).count()
        }
        right |chunk = Vec::with_capacity(64)| {
            let mut chunks = 0;
            for piece in source.as_bytes().chunks(64) {
                chunk.clear();
                chunk.extend_from_slice(piece);
                swap!(chunk);
                chunks += 1;
            }
            chunks
        }
    };
    assert_eq!(lines, 400);
    assert_eq!(chunks, source.len().div_ceil(64));
}
