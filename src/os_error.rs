//! Operating-system errors in Chinese: the one place where an [`std::io::Error`] becomes text
//! a user reads. The standard library's messages (`No such file or directory`) are English; the
//! kind is translated from the table below, and the OS error code is kept only where the kind
//! alone says nothing (an error the table does not name), so an administrator can look it up.

use std::io::ErrorKind;

/// Each kind banshi can meet reading a catalog or writing its output, in Chinese.
const KINDS: &[(ErrorKind, &str)] = &[
    (ErrorKind::NotFound, "找不到文件或文件夹"),
    (ErrorKind::PermissionDenied, "没有访问权限"),
    (ErrorKind::AlreadyExists, "文件或文件夹已存在"),
    (ErrorKind::IsADirectory, "是文件夹，不是文件"),
    (ErrorKind::NotADirectory, "路径中有一段不是文件夹"),
    (ErrorKind::DirectoryNotEmpty, "文件夹不是空的"),
    (ErrorKind::StorageFull, "磁盘空间不足"),
    (ErrorKind::QuotaExceeded, "超出磁盘配额"),
    (ErrorKind::ReadOnlyFilesystem, "文件系统是只读的"),
    (ErrorKind::FileTooLarge, "文件过大"),
    (ErrorKind::InvalidData, "内容不是有效的数据"),
    (ErrorKind::InvalidInput, "参数无效"),
    (ErrorKind::InvalidFilename, "文件名无效或过长"),
    (ErrorKind::TooManyLinks, "链接层数过多"),
    (ErrorKind::CrossesDevices, "不能跨磁盘或分区移动"),
    (ErrorKind::ResourceBusy, "文件或设备正被占用"),
    (ErrorKind::ExecutableFileBusy, "文件正被执行，无法写入"),
    (ErrorKind::WouldBlock, "操作会阻塞（可能是命名管道）"),
    (ErrorKind::Interrupted, "操作被中断"),
    (ErrorKind::UnexpectedEof, "文件意外结束"),
    (ErrorKind::BrokenPipe, "输出管道已关闭"),
    (ErrorKind::WriteZero, "无法写入更多内容"),
    (ErrorKind::TimedOut, "操作超时"),
    (ErrorKind::OutOfMemory, "内存不足"),
    (ErrorKind::Unsupported, "系统不支持此操作"),
    (ErrorKind::StaleNetworkFileHandle, "网络文件句柄已失效"),
    (ErrorKind::NotSeekable, "文件不支持随机读写"),
    (ErrorKind::Deadlock, "文件锁死锁"),
    // `banshi preview` listening on its port.
    (
        ErrorKind::AddrInUse,
        "端口已被占用（可用 --port 另选一个，--port 0 自动选择）",
    ),
    (ErrorKind::AddrNotAvailable, "地址不可用"),
];

/// `e` as a Chinese phrase, to follow 「无法读取「…」：」 and the like.
pub fn describe(e: &std::io::Error) -> String {
    let known = KINDS.iter().find(|(k, _)| *k == e.kind()).map(|(_, t)| *t);
    if e.raw_os_error().is_none()
        && let Some(inner) = e.get_ref()
    {
        // banshi's own errors (`io::Error::other("…")`) are already Chinese; a library's are
        // kept as a note after the translated kind, as they may say which step failed.
        let detail = inner.to_string();
        if !detail.is_ascii() {
            return detail;
        }
        return match known {
            Some(text) => format!("{text}（原始信息：{detail}）"),
            None => format!("操作失败（原始信息：{detail}）"),
        };
    }
    match (known, e.raw_os_error()) {
        (Some(text), _) => text.to_string(),
        (None, Some(code)) => format!("系统错误（错误码 {code}：{e}）"),
        (None, None) => "操作失败".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_are_chinese() {
        let e = std::io::Error::from_raw_os_error(libc::ENOENT);
        assert_eq!(describe(&e), "找不到文件或文件夹");
        let e = std::io::Error::from_raw_os_error(libc::EACCES);
        assert_eq!(describe(&e), "没有访问权限");
        let e = std::io::Error::from_raw_os_error(libc::ENOSPC);
        assert_eq!(describe(&e), "磁盘空间不足");
    }

    #[test]
    fn own_messages_are_kept_and_foreign_ones_noted() {
        let e = std::io::Error::other("另一个线程写入失败");
        assert_eq!(describe(&e), "另一个线程写入失败");
        let e = std::io::Error::new(ErrorKind::InvalidData, "stream did not contain valid UTF-8");
        assert_eq!(
            describe(&e),
            "内容不是有效的数据（原始信息：stream did not contain valid UTF-8）"
        );
        assert_eq!(describe(&ErrorKind::Unsupported.into()), "系统不支持此操作");
    }

    #[test]
    fn an_unnamed_os_error_keeps_its_code() {
        let e = std::io::Error::from_raw_os_error(libc::EIO);
        assert!(
            describe(&e).starts_with("系统错误（错误码 5"),
            "{}",
            describe(&e)
        );
    }
}
