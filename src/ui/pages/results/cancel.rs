//! `/simulate/results/:id/cancel`: "Cancel simulation?" as a page of its own, so that Cancel
//! works without JavaScript: its form posts to the same path (`server::forms::cancel`), which
//! cancels the job and goes back to its page. (With the WebAssembly the results page asks in
//! a dialog instead and never comes here.)

use super::{route_job, JobNotFound};
use crate::model::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The confirmation page.
#[component]
pub fn CancelPage() -> impl IntoView {
    let job = route_job();
    view! {
        <Title text="Cancel simulation?" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match job.await {
                    Ok(job) if !job.status.is_terminal() => {
                        let page = paths::result_page(&job.job_id);
                        view! {
                            <section class="card confirm-page" aria-labelledby="cancel-title">
                                <h1 id="cancel-title">"Cancel simulation?"</h1>
                                <p>"This will stop the simulation and discard partial results."</p>
                                <form method="post" action=paths::cancel_page(&job.job_id) class="inline-row">
                                    <a href=page.clone() class="btn">"Keep Running"</a>
                                    <button type="submit" class="btn btn-danger">"Cancel Simulation"</button>
                                </form>
                            </section>
                        }
                        .into_any()
                    }
                    Ok(job) => view! {
                        <section class="card notice-card">
                            <h1>"This simulation has already ended"</h1>
                            <p class="muted">{format!("It is {}.", job.status.as_str())}</p>
                            <A href=paths::result_page(&job.job_id) attr:class="btn btn-primary">"Back to the simulation"</A>
                        </section>
                    }
                    .into_any(),
                    Err(e) => view! { <JobNotFound error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
