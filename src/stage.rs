//! The pipeline's stages, marked where each begins so that tests can count
//! them: every command must locate, resolve its settings, walk and plan at
//! most once (see the tests in `commands::pipeline`). Outside tests a mark
//! costs nothing.

/// A stage of the pipeline, in the order the data flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Finding the module, the go.work and the build context.
    Locate,
    /// Resolving the settings from flags, godock.toml and `GODOCK_*`.
    Resolve,
    /// Walking the modules' trees into facts.
    Walk,
    /// Turning facts and settings into a plan.
    Plan,
}

/// Marks the beginning of `stage` on this thread.
#[inline]
pub fn entered(stage: Stage) {
    #[cfg(test)]
    counts::add(stage);
    #[cfg(not(test))]
    let _ = stage;
}

#[cfg(test)]
pub mod counts {
    use std::cell::RefCell;

    use super::Stage;

    thread_local! {
        static ENTERED: RefCell<Vec<Stage>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn add(stage: Stage) {
        ENTERED.with(|entered| entered.borrow_mut().push(stage));
    }

    /// The stages this thread entered since the last call, in order.
    pub fn take() -> Vec<Stage> {
        ENTERED.with(|entered| std::mem::take(&mut *entered.borrow_mut()))
    }
}
