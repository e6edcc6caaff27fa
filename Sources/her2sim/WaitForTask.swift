import Dispatch

/// Runs `body` as a task and blocks the calling thread until it is done: how the synchronous
/// commands (ArgumentParser calls them on the main thread) use `Workspace.load`, which loads the
/// model and the cases side by side in child tasks. The main thread is not one of the task
/// pool's threads, so waiting there cannot starve the tasks waited for; never call it from a task.
func waitForTask<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let done = DispatchSemaphore(value: 0)
    // Written once by the task before `signal`, read once after `wait`: the semaphore orders them.
    nonisolated(unsafe) var result: T?
    Task.detached {
        result = await body()
        done.signal()
    }
    done.wait()
    return result!
}
