//! SIGINT (Ctrl-C) as a flag the checks look at, so that an interrupted run stops sending checks
//! but still deletes what it created and writes its report.

use tokio::sync::watch;

/// Whether the run was interrupted. Clones share one flag.
#[derive(Clone, Debug)]
pub struct Interrupt {
    receiver: watch::Receiver<bool>,
}

/// Sets the flag of the [`Interrupt`] it was made with.
#[derive(Debug)]
pub struct InterruptTrigger {
    sender: watch::Sender<bool>,
}

impl InterruptTrigger {
    /// Sets the flag for every clone of the interrupt.
    pub fn trigger(&self) {
        self.sender.send_replace(true);
    }
}

impl Interrupt {
    /// Returns an interrupt that only `trigger` sets.
    pub fn manual() -> (InterruptTrigger, Interrupt) {
        let (sender, receiver) = watch::channel(false);
        (InterruptTrigger { sender }, Interrupt { receiver })
    }

    /// Returns an interrupt that the first SIGINT sets. From then on SIGINT no longer ends the
    /// process, so the run can delete what it created.
    ///
    /// Must be called within a tokio runtime. When the signal handler cannot be installed, the
    /// error is logged and SIGINT ends the process as usual.
    pub fn on_ctrl_c() -> Interrupt {
        let (trigger, interrupt) = Interrupt::manual();
        tokio::spawn(async move {
            match tokio::signal::ctrl_c().await {
                Ok(()) => {
                    tracing::warn!(
                        "interrupted: sending no more checks, deleting the events this run created"
                    );
                    trigger.trigger();
                }
                Err(error) => tracing::error!(%error, "failed to listen for SIGINT"),
            }
        });
        interrupt
    }

    /// Returns whether the flag is set.
    pub fn is_set(&self) -> bool {
        *self.receiver.borrow()
    }

    /// Waits until the flag is set; never returns when it cannot be set any more.
    pub async fn wait(&self) {
        let mut receiver = self.receiver.clone();
        if receiver.wait_for(|set| *set).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn interrupt_trigger_sets_every_clone() {
        let (trigger, interrupt) = Interrupt::manual();
        let clone = interrupt.clone();
        assert!(!interrupt.is_set());
        trigger.trigger();
        assert!(interrupt.is_set());
        assert!(clone.is_set());
        tokio::time::timeout(Duration::from_secs(1), clone.wait())
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn interrupt_dropped_trigger_never_fires() {
        let (trigger, interrupt) = Interrupt::manual();
        drop(trigger);
        let waited = tokio::time::timeout(Duration::from_millis(50), interrupt.wait()).await;
        assert!(waited.is_err());
        assert!(!interrupt.is_set());
    }
}
