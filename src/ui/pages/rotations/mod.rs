//! The rotation workshop's pages: `/rotations` (the library: built-ins and mine, grouped by
//! class and spec), `/rotations/new` ([`new`]) and `/rotations/:id` ([`page`]: a player's
//! rotation in the editor ([`form`]), a built-in read-only), each with its results ([`runs`]).

mod form;
mod guard;
pub mod new;
#[cfg(feature = "hydrate")]
mod on_screen;
pub mod page;
mod runs;

use crate::{
    model::{paths, ForkInput, FormAction, Rotation},
    server_fns::{fork_rotation, list_rotations},
    ui::{
        components::{
            action_form::ActionForm,
            skeleton::{Loading, SkeletonLines},
            toast::{use_toasts, ToastKind},
        },
        format,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_navigate};

/// `/rotations`.
#[component]
pub fn RotationsPage() -> impl IntoView {
    let rotations = Resource::new(|| (), |_| list_rotations(None));
    view! {
        <Title text="Rotations" />
        <div class="page-head">
            <h1>"Rotations"</h1>
            <A href=paths::NEW_ROTATION attr:class="btn btn-primary">"New rotation"</A>
        </div>
        <p class="lead">
            "Priority lists in SimulationCraft's APL syntax. Built-ins ship with Rotasim and are \
             read-only: fork one to make it yours. Your rotations are yours alone."
        </p>
        <Suspense fallback=|| view! {
            <Loading label="Loading rotations…"><div class="card"><SkeletonLines lines=6 /></div></Loading>
        }>
            {move || Suspend::new(async move {
                match rotations.await {
                    Ok(list) => view! { <RotationGroups list /> }.into_any(),
                    Err(e) => view! {
                        <div class="card error-card" role="alert">
                            <h2>"The rotations could not be loaded"</h2>
                            <p>{format::error_message(&e)}</p>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Rotations grouped by class and spec (the list comes sorted that way).
#[component]
fn RotationGroups(list: Vec<Rotation>) -> impl IntoView {
    let mine = list.iter().filter(|r| !r.builtin).count();
    let mut groups: Vec<(String, Vec<Rotation>)> = Vec::new();
    for r in list {
        let key = format!("{} {}", r.spec, r.class);
        match groups.last_mut() {
            Some((k, members)) if *k == key => members.push(r),
            _ => groups.push((key, vec![r])),
        }
    }
    let now = format::now_secs();
    view! {
        {(mine == 0).then(|| view! {
            <p class="card empty-hint" data-testid="no-rotations">
                "You have no rotations of your own yet: fork a built-in below, or start a "
                <A href=paths::NEW_ROTATION>"new rotation"</A>"."
            </p>
        })}
        {groups
            .into_iter()
            .map(|(title, members)| view! {
                <section class="card rotation-group" aria-label=title.clone()>
                    <h2>{title.clone()}</h2>
                    <ul class="rotation-list">
                        {members.into_iter().map(|r| view! { <RotationItem rotation=r now /> }).collect_view()}
                    </ul>
                </section>
            })
            .collect_view()}
    }
}

/// "Fork": an action that copies a rotation (by id) into a new one of the player's, then opens
/// the copy; a toast says how it went.
pub(super) fn use_fork() -> Action<String, Result<Rotation, ServerFnError>> {
    let toasts = use_toasts();
    let navigate = use_navigate();
    let fork = Action::new(|id: &String| fork_rotation(id.clone(), ForkInput::default()));
    Effect::new(move |_| match fork.value().get() {
        Some(Ok(copy)) => {
            toasts.push(
                ToastKind::Success,
                "Forked",
                Some(format!("“{}” is yours to edit", copy.name)),
            );
            navigate(&paths::rotation_page(&copy.id), Default::default());
        }
        Some(Err(e)) => toasts.push(
            ToastKind::Error,
            "Could not fork",
            Some(format::error_message(&e)),
        ),
        None => {}
    });
    fork
}

/// One rotation in the library: its name (to its page), what it is, and its actions.
#[component]
fn RotationItem(rotation: Rotation, now: f64) -> impl IntoView {
    let fork = use_fork();
    let forking = fork.pending();
    let id = rotation.id.clone();
    let (name, fork_label) = (rotation.name.clone(), format!("Fork {}", rotation.name));
    let meta = if rotation.builtin {
        "Built-in".to_string()
    } else {
        format!(
            "Version {} · changed {}",
            rotation.version,
            format::relative(&rotation.updated_at, now)
        )
    };
    view! {
        <li class="rotation-item" data-rotation=rotation.id.clone()>
            <div class="rotation-item-text">
                <A href=paths::rotation_page(&rotation.id) attr:class="rotation-name">{name}</A>
                <span class=if rotation.builtin { "badge badge-builtin" } else { "badge" }>{meta}</span>
                {(!rotation.description.is_empty()).then(|| view! { <p class="help">{rotation.description.clone()}</p> })}
            </div>
            <div class="rotation-item-actions">
                <A href=paths::simulate_rotation(&rotation.id) attr:class="btn btn-small">"Simulate"</A>
                <ActionForm action=FormAction::Fork id=id.clone() on_submit=Callback::new(move |_| { fork.dispatch(id.clone()); })>
                    <button type="submit" class="btn btn-small" disabled=move || forking.get() aria-label=fork_label>
                        "Fork"
                    </button>
                </ActionForm>
            </div>
        </li>
    }
}
