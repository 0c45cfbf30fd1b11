<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionWords</name>
    <message>
        <source>On SSDs, flash drives and copy-on-write file systems old copies of the blocks may survive, and backups or synced copies are not touched: full-disk encryption is what protects deleted data.</source>
        <translation>在固态硬盘、U 盘和写时复制文件系统上，旧数据块的副本可能仍然存在，备份和同步副本也不会被处理：只有全盘加密才能保护已删除的数据。</translation>
    </message>
    <message>
        <source>“%1” will be readable and writable by you only. You can undo this in History.</source>
        <translation>“%1”将只有您本人可以读写。可在“历史”中撤销。</translation>
    </message>
    <message>
        <source>“%1” will be encrypted into the vault and removed from its folder. You can restore it in History.</source>
        <translation>“%1”将加密存入保险库，并从原文件夹移除。可在“历史”中恢复。</translation>
    </message>
    <message>
        <source>A copy of “%1” with every detected value masked will be written next to it. The original is not changed.</source>
        <translation>将在“%1”旁边写入一份副本，其中检测到的值全部脱敏。原文件不变。</translation>
    </message>
    <message>
        <source>“%1” will be overwritten and deleted. This cannot be undone.</source>
        <translation>“%1”将被覆写并删除。此操作无法撤销。</translation>
    </message>
    <message>
        <source>The risk in “%1” will be left out of later exposure indexes. You can restore it in History.</source>
        <translation>“%1”中的风险将不再计入以后的暴露指数。可在“历史”中恢复。</translation>
    </message>
    <message>
        <source>This acts on the whole file, not only on the part where the value was found.</source>
        <translation>此操作作用于整个文件，而不仅是发现该值的部分。</translation>
    </message>
    <message>
        <source>“%1” is now private to you. Undo it in History if needed.</source>
        <translation>“%1”现在只有您本人可以访问。如有需要，可在“历史”中撤销。</translation>
    </message>
    <message>
        <source>“%1” was moved to the vault. Restore it in History.</source>
        <translation>“%1”已移入保险库。可在“历史”中恢复。</translation>
    </message>
    <message>
        <source>A redacted copy of “%1” was written: “%2”.</source>
        <translation>已写入“%1”的脱敏副本：“%2”。</translation>
    </message>
    <message>
        <source>“%1” was overwritten and deleted.</source>
        <translation>“%1”已被覆写并删除。</translation>
    </message>
    <message>
        <source>The risk in “%1” is accepted. Restore it in History.</source>
        <translation>已接受“%1”中的风险。可在“历史”中恢复。</translation>
    </message>
    <message>
        <source>Give “%1” back the permissions it had before?</source>
        <translation>把“%1”的权限恢复为原来的设置？</translation>
    </message>
    <message>
        <source>Decrypt “%1” and put it back where it was?</source>
        <translation>解密“%1”并放回原处？</translation>
    </message>
    <message>
        <source>Delete the redacted copy of “%1”?</source>
        <translation>删除“%1”的脱敏副本？</translation>
    </message>
    <message>
        <source>Withdraw the acceptance of the risk in “%1”? It counts in the next exposure index again.</source>
        <translation>撤回对“%1”中风险的接受？它将重新计入下一次暴露指数。</translation>
    </message>
    <message>
        <source>Undo this action on “%1”?</source>
        <translation>撤销对“%1”的这一操作？</translation>
    </message>
    <message>
        <source>“%1” has its old permissions back.</source>
        <translation>“%1”已恢复原来的权限。</translation>
    </message>
    <message>
        <source>“%1” is back where it was.</source>
        <translation>“%1”已放回原处。</translation>
    </message>
    <message>
        <source>The redacted copy of “%1” was deleted.</source>
        <translation>“%1”的脱敏副本已删除。</translation>
    </message>
    <message>
        <source>The risk in “%1” counts again from the next audit.</source>
        <translation>从下一次审计起，“%1”中的风险将重新计入。</translation>
    </message>
    <message>
        <source>The action on “%1” was undone.</source>
        <translation>对“%1”的操作已撤销。</translation>
    </message>
    <message>
        <source>“%1” is not as the audit saw it (changed, moved or gone): nothing was done. Scan again, then act on the new audit.</source>
        <translation>“%1”已不是审计时的样子（已更改、移动或不存在）：未做任何操作。请重新扫描，再根据新的审计处理。</translation>
    </message>
    <message>
        <source>“%1” could not be changed (it may be outside the scanned folders, too large, or not yours): nothing was done.</source>
        <translation>无法更改“%1”（它可能不在扫描的文件夹内、太大，或不属于您）：未做任何操作。</translation>
    </message>
    <message>
        <source>“%1” could not be changed: %2</source>
        <translation>无法更改“%1”：%2</translation>
    </message>
    <message>
        <source>Now private</source>
        <translation>已设为仅自己可读</translation>
    </message>
    <message>
        <source>In the vault</source>
        <translation>已移入保险库</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Copy written</source>
        <translation>已写入副本</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Not done: changed since the audit</source>
        <translation>未执行：审计后已更改</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>未执行</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>Make private</source>
        <translation>设为仅自己可读</translation>
    </message>
    <message>
        <source>Move to vault</source>
        <translation>移入保险库</translation>
    </message>
    <message>
        <source>Redacted copy</source>
        <translation>生成脱敏副本</translation>
    </message>
    <message>
        <source>Delete permanently</source>
        <translation>永久删除</translation>
    </message>
    <message>
        <source>Accept risk</source>
        <translation>接受风险</translation>
    </message>
    <message>
        <source>Only you will be able to read and change this file. This can be undone.</source>
        <translation>只有您本人可以读取和修改此文件。此操作可以撤销。</translation>
    </message>
    <message>
        <source>The file is encrypted into piaudit&apos;s vault and removed from its folder. It can be restored.</source>
        <translation>文件会加密存入 piaudit 保险库，并从原文件夹移除。可以恢复。</translation>
    </message>
    <message>
        <source>A copy with every detected value masked is written next to the file. The original is not changed.</source>
        <translation>在原文件旁写入一份所有检出值均已脱敏的副本。原文件不会改动。</translation>
    </message>
    <message>
        <source>The file is overwritten and deleted. This cannot be undone.</source>
        <translation>文件会被覆盖后删除。此操作无法撤销。</translation>
    </message>
    <message>
        <source>This value is left out of later exposure indexes and shown as accepted. This can be undone.</source>
        <translation>此值将不再计入以后的暴露指数，并标记为已接受。此操作可以撤销。</translation>
    </message>
</context>
<context>
    <name>ActionsView</name>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>接受时间</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Accepted risks</source>
        <translation>已接受的风险</translation>
    </message>
    <message>
        <source>Restore risk</source>
        <translation>恢复风险</translation>
    </message>
    <message>
        <source>Withdraw the acceptance: the value counts in the next exposure index again</source>
        <translation>撤回接受：该值将重新计入下一次暴露指数</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>移入时间</translation>
    </message>
    <message>
        <source>Original location</source>
        <translation>原位置</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Files in the vault</source>
        <translation>保险库中的文件</translation>
    </message>
    <message>
        <source>Restore file</source>
        <translation>恢复文件</translation>
    </message>
    <message>
        <source>Decrypt the file and put it back where it was</source>
        <translation>解密文件并放回原处</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Past actions</source>
        <translation>以往操作</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Vault</source>
        <translation>保险库</translation>
    </message>
    <message>
        <source>Unlock the audit log to see accepted risks, the vault and past actions.</source>
        <translation>解锁审计日志后才能查看已接受的风险、保险库和以往操作。</translation>
    </message>
    <message>
        <source>The audit log cannot be read: %1</source>
        <translation>无法读取审计日志：%1</translation>
    </message>
    <message>
        <source>Accepted risks are left out of the exposure index until you restore them. Files moved to the vault are encrypted with a key of this audit log.</source>
        <translation>已接受的风险在您恢复之前不计入暴露指数。移入保险库的文件使用此审计日志的密钥加密。</translation>
    </message>
    <message>
        <source>Undo of #%1</source>
        <translation>撤销 #%1</translation>
    </message>
    <message>
        <source>Revoke permission</source>
        <translation>撤销权限</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Restore from the vault</source>
        <translation>从保险库恢复</translation>
    </message>
    <message>
        <source>undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消：未做任何更改。</translation>
    </message>
</context>
<context>
    <name>Advice</name>
    <message>
        <source>Delete copies of ID documents you no longer need, or keep them in an encrypted archive; never leave them in Downloads or on the Desktop.</source>
        <translation>删除不再需要的证件副本，或将其放入加密压缩包；不要把它们留在“下载”或桌面上。</translation>
    </message>
    <message>
        <source>Remove card and account numbers from documents and exports; if a full card number was exposed, ask your bank for a new card.</source>
        <translation>从文档和导出文件中删除卡号和账号；如果完整卡号已经暴露，请向银行申请换卡。</translation>
    </message>
    <message>
        <source>Move passwords and keys into a password manager, change any that were stored in plain files, and protect private keys with a passphrase.</source>
        <translation>把密码和密钥移入密码管理器，修改曾以明文保存的密码，并为私钥设置口令。</translation>
    </message>
    <message>
        <source>Contact lists hold other people&apos;s data: keep only what you need and delete old exports.</source>
        <translation>通讯录里是他人的信息：只保留需要的部分，删除旧的导出文件。</translation>
    </message>
    <message>
        <source>Strip location data from photos before sharing them and delete old location exports.</source>
        <translation>分享照片前去除其中的位置信息，并删除旧的位置导出文件。</translation>
    </message>
    <message>
        <source>Keep medical records in an encrypted folder and delete copies you no longer need.</source>
        <translation>把病历放在加密文件夹中，删除不再需要的副本。</translation>
    </message>
    <message>
        <source>Delete stored face or fingerprint images and ID-card photos you no longer need.</source>
        <translation>删除不再需要的人脸、指纹图像和身份证照片。</translation>
    </message>
    <message>
        <source>Data about children under 14 is sensitive by law: delete it or keep it encrypted.</source>
        <translation>不满十四周岁未成年人的信息依法属于敏感个人信息：请删除或加密保存。</translation>
    </message>
    <message>
        <source>Clear browsing history and delete old order exports you no longer need.</source>
        <translation>清除浏览记录，删除不再需要的旧订单导出文件。</translation>
    </message>
    <message>
        <source>Archive old chats and mail in encrypted form and delete exports you no longer need.</source>
        <translation>将旧的聊天记录和邮件加密归档，删除不再需要的导出文件。</translation>
    </message>
    <message>
        <source>Names and birth dates identify people when combined with other data: remove them from files you share.</source>
        <translation>姓名和出生日期与其他信息结合即可识别个人：请从要分享的文件中删除它们。</translation>
    </message>
    <message>
        <source>Revoke the permission from apps that do not need it.</source>
        <translation>撤销不需要该权限的应用的授权。</translation>
    </message>
    <message>
        <source>Delete the file if you no longer need it, or move it into an encrypted folder.</source>
        <translation>如果不再需要此文件，请删除；否则请移入加密文件夹。</translation>
    </message>
    <message>
        <source>Category weight %1 × severity %2 × confidence %3 = %4 points before the count and saturation are applied.</source>
        <translation>类别权重 %1 × 严重程度 %2 × 置信度 %3 = %4 分（尚未计入数量和饱和）。</translation>
    </message>
    <message>
        <source>confidence %1</source>
        <translation>置信度 %1</translation>
    </message>
    <message>
        <source>sensitivity %1</source>
        <translation>敏感度 %1</translation>
    </message>
    <message>
        <source>severity %1</source>
        <translation>严重程度 %1</translation>
    </message>
    <message>
        <source>identifiability %1</source>
        <translation>可识别性 %1</translation>
    </message>
    <message>
        <source>accessibility %1</source>
        <translation>可访问性 %1</translation>
    </message>
    <message>
        <source>identity kit %1</source>
        <translation>身份信息组合 %1</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>%1 分</translation>
    </message>
</context>
<context>
    <name>Areas</name>
    <message>
        <source>%1 to act on</source>
        <translation>%1 项待处理</translation>
    </message>
    <message>
        <source>; not all looked at: %1</source>
        <translation>；未能全部检查：%1</translation>
    </message>
    <message>
        <source>Could not look: %1</source>
        <translation>无法检查：%1</translation>
    </message>
    <message>
        <source>Nothing to act on</source>
        <translation>无需处理</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>App permissions</source>
        <translation>应用权限</translation>
    </message>
    <message>
        <source>not part of this audit</source>
        <translation>本次审计未包含</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 失败</translation>
    </message>
    <message>
        <source>stopped before it finished</source>
        <translation>完成前被停止</translation>
    </message>
    <message>
        <source>not recorded for this earlier audit; scan again</source>
        <translation>较早的审计未记录此项；请重新扫描</translation>
    </message>
    <message>
        <source>none on this computer</source>
        <translation>本机没有</translation>
    </message>
</context>
<context>
    <name>BulkFixDialog</name>
    <message>
        <source>Fix safe items</source>
        <translation>修复安全项</translation>
    </message>
    <message>
        <source>These files will be changed, one action each. Untick any file to leave it as it is. Actions that can be undone are proposed; deleting is never ticked for you.</source>
        <translation>以下文件将被更改，每个文件一项操作。取消勾选的文件将保持不变。建议的都是可以撤销的操作；删除永远不会替您勾选。</translation>
    </message>
    <message>
        <source>Files and actions</source>
        <translation>文件和操作</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Action for %1</source>
        <translation>%1 的操作</translation>
    </message>
    <message>
        <source>Apply to 1 file</source>
        <translation>应用到 1 个文件</translation>
    </message>
    <message>
        <source>Apply to %1 files</source>
        <translation>应用到 %1 个文件</translation>
    </message>
    <message>
        <source>1 file will be deleted for good: this cannot be undone.</source>
        <translation>1 个文件将被永久删除：此操作无法撤销。</translation>
    </message>
    <message>
        <source>%1 files will be deleted for good: this cannot be undone.</source>
        <translation>%1 个文件将被永久删除：此操作无法撤销。</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>另有 %1 个</translation>
    </message>
    <message>
        <source>1 file changed.</source>
        <translation>已更改 1 个文件。</translation>
    </message>
    <message>
        <source>%1 files changed.</source>
        <translation>已更改 %1 个文件。</translation>
    </message>
    <message>
        <source>%1 could not be changed (see each row).</source>
        <translation>%1 个无法更改（见各行）。</translation>
    </message>
    <message>
        <source>Every ticked action can be undone in History.</source>
        <translation>勾选的每项操作都可以在“历史”中撤销。</translation>
    </message>
    <message>
        <source>These files will be overwritten and deleted. This cannot be undone.</source>
        <translation>这些文件将被覆写并删除。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Not done: stopped</source>
        <translation>未执行：已停止</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Stopped before the end.</source>
        <translation>未完成即已停止。</translation>
    </message>
    <message>
        <source>Undo any of them in History.</source>
        <translation>其中任何一项都可以在“历史”中撤销。</translation>
    </message>
</context>
<context>
    <name>BulkModel</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>所在文件夹</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Undo in History</source>
        <translation>可在“历史”中撤销</translation>
    </message>
    <message>
        <source>Cannot be undone</source>
        <translation>无法撤销</translation>
    </message>
    <message>
        <source>No longer there</source>
        <translation>已不存在</translation>
    </message>
</context>
<context>
    <name>CategoryBars</name>
    <message>
        <source>Exposure by category</source>
        <translation>各类别暴露情况</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside piaudit. Your files were not changed.</source>
        <translation>piaudit 内部出错。您的文件没有被改动。</translation>
    </message>
    <message>
        <source>A crash report without any personal data was saved to %1.</source>
        <translation>不含任何个人信息的崩溃报告已保存到 %1。</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Dashboard</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Scan now</source>
        <translation>立即扫描</translation>
    </message>
    <message>
        <source>Start a scan (Ctrl+R)</source>
        <translation>开始扫描（Ctrl+R）</translation>
    </message>
    <message>
        <source>Exposure index</source>
        <translation>暴露指数</translation>
    </message>
    <message>
        <source>0–100 · lower is better</source>
        <translation>0–100 · 越低越好</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>Trend over past audits</source>
        <translation>历次审计趋势</translation>
    </message>
    <message>
        <source>Fix these first</source>
        <translation>先处理这些</translation>
    </message>
    <message>
        <source>What was looked at</source>
        <translation>检查范围</translation>
    </message>
    <message>
        <source>Last audit: %1</source>
        <translation>上次审计：%1</translation>
    </message>
    <message>
        <source>No audit yet</source>
        <translation>尚未审计</translation>
    </message>
    <message>
        <source>Down %1 since the last audit ↓</source>
        <translation>较上次下降 %1 ↓</translation>
    </message>
    <message>
        <source>Up %1 since the last audit ↑</source>
        <translation>较上次上升 %1 ↑</translation>
    </message>
    <message>
        <source>Unchanged since the last audit</source>
        <translation>与上次持平</translation>
    </message>
    <message>
        <source>+%1 of %2 · %3 distinct</source>
        <translation>%2 分中占 %1 分 · %3 个不同值</translation>
    </message>
    <message>
        <source>Shares of what was read; an incomplete audit is not a verdict.</source>
        <translation>仅为已读取部分的占比；未完成的审计不是结论。</translation>
    </message>
    <message>
        <source>Nothing found in what was read; an incomplete audit is not a verdict.</source>
        <translation>已读取的部分未发现问题；未完成的审计不是结论。</translation>
    </message>
    <message>
        <source>This audit is incomplete: %1</source>
        <translation>本次审计未完成：%1</translation>
    </message>
    <message>
        <source>not everything was read</source>
        <translation>并非所有内容都已读取</translation>
    </message>
    <message>
        <source>+%1 elsewhere</source>
        <translation>其他位置 +%1</translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation>查看%1</translation>
    </message>
    <message>
        <source>Show the findings of %1</source>
        <translation>查看“%1”类发现</translation>
    </message>
    <message>
        <source>Run a scan to see where your personal data is exposed.</source>
        <translation>运行一次扫描，看看您的个人信息暴露在哪里。</translation>
    </message>
    <message>
        <source>No exposure found within the scanned scope: %1</source>
        <translation>本次扫描范围内未发现暴露：%1</translation>
    </message>
    <message>
        <source>Nothing to fix yet.</source>
        <translation>暂无需要处理的项目。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Act on risk %1</source>
        <translation>处理第 %1 项风险</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Finding details</source>
        <translation>发现详情</translation>
    </message>
    <message>
        <source>Why it scored</source>
        <translation>计分依据</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>处理建议</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Open the folder that holds this file</source>
        <translation>打开此文件所在的文件夹</translation>
    </message>
    <message>
        <source>Copy location</source>
        <translation>复制位置</translation>
    </message>
    <message>
        <source>Select a finding to see where it is, why it matters and what to do about it.</source>
        <translation>选择一条发现，查看它的位置、风险原因和处理建议。</translation>
    </message>
    <message>
        <source>Masked value</source>
        <translation>脱敏值</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>found near the word “%1”</source>
        <translation>出现在“%1”一词附近</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>low severity</source>
        <translation>低严重程度</translation>
    </message>
    <message>
        <source>published test data</source>
        <translation>公开的测试数据</translation>
    </message>
    <message>
        <source>Occurrences</source>
        <translation>出现次数</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>This file is no longer there.</source>
        <translation>此文件已不存在。</translation>
    </message>
    <message>
        <source>Actions need the audit log: unlock it and scan again.</source>
        <translation>处理操作需要审计日志：请解锁日志后重新扫描。</translation>
    </message>
    <message>
        <source>Why is this not a risk? (kept in the audit log)</source>
        <translation>为什么这不构成风险？（理由会记入审计日志）</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>已完成：%1</translation>
    </message>
</context>
<context>
    <name>DiffModel</name>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Masked value</source>
        <translation>脱敏值</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>未变</translation>
    </message>
</context>
<context>
    <name>Facts</name>
    <message>
        <source>Access tokens</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>API tokens</source>
        <translation>API 令牌</translation>
    </message>
    <message>
        <source>Auth tokens</source>
        <translation>认证令牌</translation>
    </message>
    <message>
        <source>User name and password pairs</source>
        <translation>用户名和密码对</translation>
    </message>
    <message>
        <source>Sites never to save</source>
        <translation>从不保存密码的网站</translation>
    </message>
    <message>
        <source>Cipher</source>
        <translation>加密算法</translation>
    </message>
    <message>
        <source>Client keys</source>
        <translation>客户端密钥</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>命令数</translation>
    </message>
    <message>
        <source>Credential helpers</source>
        <translation>凭据助手</translation>
    </message>
    <message>
        <source>Credential store</source>
        <translation>凭据存储</translation>
    </message>
    <message>
        <source>Security code encryption</source>
        <translation>安全码的加密</translation>
    </message>
    <message>
        <source>Security codes</source>
        <translation>安全码</translation>
    </message>
    <message>
        <source>Database version</source>
        <translation>数据库版本</translation>
    </message>
    <message>
        <source>Default entry</source>
        <translation>默认条目</translation>
    </message>
    <message>
        <source>Kept by a helper</source>
        <translation>由助手保管</translation>
    </message>
    <message>
        <source>Profiles using SSO</source>
        <translation>使用单点登录的配置</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载记录</translation>
    </message>
    <message>
        <source>Encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Environment references</source>
        <translation>环境变量引用</translation>
    </message>
    <message>
        <source>Exec users</source>
        <translation>通过 exec 认证的用户</translation>
    </message>
    <message>
        <source>Field names</source>
        <translation>字段名</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>First used</source>
        <translation>首次使用</translation>
    </message>
    <message>
        <source>First visit</source>
        <translation>首次访问</translation>
    </message>
    <message>
        <source>Format generation</source>
        <translation>格式代别</translation>
    </message>
    <message>
        <source>Readable by the group</source>
        <translation>同组用户可读</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>网站</translation>
    </message>
    <message>
        <source>Logins in the file</source>
        <translation>文件中的登录</translation>
    </message>
    <message>
        <source>Leaked passwords</source>
        <translation>已泄露的密码</translation>
    </message>
    <message>
        <source>Reused passwords</source>
        <translation>重复使用的密码</translation>
    </message>
    <message>
        <source>Weak passwords</source>
        <translation>弱密码</translation>
    </message>
    <message>
        <source>Installation</source>
        <translation>安装位置</translation>
    </message>
    <message>
        <source>Key files</source>
        <translation>密钥文件</translation>
    </message>
    <message>
        <source>Key type</source>
        <translation>密钥类型</translation>
    </message>
    <message>
        <source>Kinds</source>
        <translation>种类</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>最近访问</translation>
    </message>
    <message>
        <source>Lines with a secret</source>
        <translation>含密钥的行数</translation>
    </message>
    <message>
        <source>Cards on this device</source>
        <translation>本机保存的卡</translation>
    </message>
    <message>
        <source>IBANs on this device</source>
        <translation>本机保存的 IBAN</translation>
    </message>
    <message>
        <source>Machines</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Card number stored</source>
        <translation>卡号保存方式</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>网页</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Passwords</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Encryption prefixes</source>
        <translation>加密前缀</translation>
    </message>
    <message>
        <source>Primary password</source>
        <translation>主密码</translation>
    </message>
    <message>
        <source>How the primary password was judged</source>
        <translation>主密码的判断依据</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>配置名称</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Refresh tokens</source>
        <translation>刷新令牌</translation>
    </message>
    <message>
        <source>Registries</source>
        <translation>镜像仓库</translation>
    </message>
    <message>
        <source>Repositories</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Secret fields</source>
        <translation>密钥字段</translation>
    </message>
    <message>
        <source>Cards kept by the server</source>
        <translation>服务器保存的卡</translation>
    </message>
    <message>
        <source>IBANs kept by the server</source>
        <translation>服务器保存的 IBAN</translation>
    </message>
    <message>
        <source>Service principals</source>
        <translation>服务主体</translation>
    </message>
    <message>
        <source>Session token</source>
        <translation>会话令牌</translation>
    </message>
    <message>
        <source>Session tokens</source>
        <translation>会话令牌</translation>
    </message>
    <message>
        <source>Set by</source>
        <translation>设置来源</translation>
    </message>
    <message>
        <source>Static keys</source>
        <translation>静态密钥</translation>
    </message>
    <message>
        <source>Store file</source>
        <translation>存储文件</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>数据表</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Card brand</source>
        <translation>卡组织</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>国家或地区</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>国家或地区</translation>
    </message>
    <message>
        <source>Most visited sites</source>
        <translation>访问最多的网站</translation>
    </message>
    <message>
        <source>Sites with most logins</source>
        <translation>登录最多的网站</translation>
    </message>
    <message>
        <source>Read in part</source>
        <translation>只读取了一部分</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>How values are kept</source>
        <translation>值的保存方式</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>访问次数</translation>
    </message>
    <message>
        <source>Readable by every user</source>
        <translation>所有用户可读</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>用户 ID</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <source>in the clear</source>
        <translation>明文</translation>
    </message>
    <message>
        <source>no (last four digits only)</source>
        <translation>未保存（仅后四位）</translation>
    </message>
    <message>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>app metadata</source>
        <translation>应用元数据</translation>
    </message>
    <message>
        <source>override</source>
        <translation>覆盖设置</translation>
    </message>
    <message>
        <source>portal</source>
        <translation>门户授权</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>允许</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <source>identity card</source>
        <translation>身份证件</translation>
    </message>
    <message>
        <source>visa</source>
        <translation>签证</translation>
    </message>
    <message>
        <source>travel document</source>
        <translation>旅行证件</translation>
    </message>
    <message>
        <source>Ethereum</source>
        <translation>以太坊</translation>
    </message>
    <message>
        <source>in an interactive example session (&gt;&gt;&gt;)</source>
        <translation>在交互式示例会话中（&gt;&gt;&gt;）</translation>
    </message>
    <message>
        <source>a placeholder word spelled with digits (p4ssw0rd)</source>
        <translation>用数字拼写的占位词（p4ssw0rd）</translation>
    </message>
    <message>
        <source>on a line that says it shows an example (e.g., 示例)</source>
        <translation>所在行注明为示例（如“示例”“例如”）</translation>
    </message>
    <message>
        <source>a position in a list of places (a gazetteer)</source>
        <translation>地名列表中的地点位置（地名录）</translation>
    </message>
    <message>
        <source>in a documentation&apos;s code example</source>
        <translation>在文档的代码示例中</translation>
    </message>
    <message>
        <source>in a documentation comment&apos;s @example</source>
        <translation>在文档注释的 @example 示例中</translation>
    </message>
    <message>
        <source>a key cut short after a few characters (documentation&apos;s example)</source>
        <translation>只有开头几个字符的截断密钥（文档中的示例）</translation>
    </message>
    <message>
        <source>a temporary or test code (individual number 900-999)</source>
        <translation>临时或测试用代码（个人编号 900-999）</translation>
    </message>
    <message>
        <source>in a test or example folder (%1)</source>
        <translation>在测试或示例文件夹中（%1）</translation>
    </message>
    <message>
        <source>in an example or template file (%1)</source>
        <translation>在示例或模板文件中（%1）</translation>
    </message>
    <message>
        <source>in a test file (%1)</source>
        <translation>在测试文件中（%1）</translation>
    </message>
    <message>
        <source>in installed documentation (%1)</source>
        <translation>在系统安装的文档中（%1）</translation>
    </message>
    <message>
        <source>Run: %1</source>
        <translation>运行：%1</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Masked value</source>
        <translation>脱敏值</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
</context>
<context>
    <name>FindingsView</name>
    <message>
        <source>Filter by rule, location or masked value (Ctrl+F)</source>
        <translation>按规则、位置或脱敏值筛选（Ctrl+F）</translation>
    </message>
    <message>
        <source>Text filter</source>
        <translation>文本筛选</translation>
    </message>
    <message>
        <source>New since last audit</source>
        <translation>上次审计后新增</translation>
    </message>
    <message>
        <source>Group by location</source>
        <translation>按位置分组</translation>
    </message>
    <message>
        <source>Group by store</source>
        <translation>按存储分组</translation>
    </message>
    <message>
        <source>Browsers, address books, credential files and messaging apps: one row per store</source>
        <translation>浏览器、通讯录、凭据文件和即时通讯应用：每个存储一行</translation>
    </message>
    <message>
        <source>Shown findings</source>
        <translation>显示的发现数</translation>
    </message>
    <message>
        <source>Show only category %1</source>
        <translation>只看类别：%1</translation>
    </message>
    <message>
        <source>Show only severity %1</source>
        <translation>只看严重程度：%1</translation>
    </message>
    <message>
        <source>Show only source %1</source>
        <translation>只显示来源 %1</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Fix selected (%1)…</source>
        <translation>修复所选（%1）…</translation>
    </message>
    <message>
        <source>Locations</source>
        <translation>位置列表</translation>
    </message>
    <message>
        <source>Stores</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Fix selected…</source>
        <translation>修复所选…</translation>
    </message>
    <message>
        <source>Preview and fix the files of the selected findings (Shift or Ctrl selects many)</source>
        <translation>预览并修复所选发现所在的文件（按住 Shift 或 Ctrl 可多选）</translation>
    </message>
    <message>
        <source>Fix all safe items…</source>
        <translation>修复全部安全项…</translation>
    </message>
    <message>
        <source>Preview reversible fixes (make private, move to the vault) for every shown finding</source>
        <translation>为显示的每条发现预览可撤销的修复（设为私有、移入保险库）</translation>
    </message>
    <message>
        <source>Actions need the audit log: unlock it and scan again.</source>
        <translation>操作需要审计日志：请解锁日志后重新扫描。</translation>
    </message>
    <message>
        <source>None of these findings is in a file that can be fixed here: browser stores and app permissions are fixed in their own settings (see the advice).</source>
        <translation>这些发现都不在可以在此修复的文件中：浏览器存储和应用权限需要在各自的设置中处理（见建议）。</translation>
    </message>
    <message>
        <source>Fix safe items</source>
        <translation>修复安全项</translation>
    </message>
    <message>
        <source>New since last audit (%1)</source>
        <translation>上次审计后新增（%1）</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>显示 %1 / 共 %2 条</translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <source>Welcome to piaudit</source>
        <translation>欢迎使用 piaudit</translation>
    </message>
    <message>
        <source>Nothing leaves this computer: piaudit never connects to the network. No full value is stored: findings keep only a masked preview and a keyed fingerprint.</source>
        <translation>任何数据都不会离开这台电脑：piaudit 从不联网。不保存任何完整值：发现只保留脱敏预览和带密钥的指纹。</translation>
    </message>
    <message>
        <source>piaudit keeps an encrypted log of every audit so you can compare them. Choose a passphrase for it; without it the log cannot be read, and there is no recovery.</source>
        <translation>piaudit 会为每次审计保存一份加密日志，便于前后对比。请为日志设置口令；没有口令就无法读取日志，且无法找回。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Repeat it</source>
        <translation>再输一次</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <source>Keep the passphrase in the system keyring (no prompt at start)</source>
        <translation>把口令保存在系统钥匙串中（启动时不再询问）</translation>
    </message>
    <message>
        <source>Create the log and start</source>
        <translation>创建日志并开始</translation>
    </message>
    <message>
        <source>Use at least %1 characters.</source>
        <translation>口令至少需要 %1 个字符。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
</context>
<context>
    <name>FleetView</name>
    <message>
        <source>Open collection folder…</source>
        <translation>打开收集文件夹…</translation>
    </message>
    <message>
        <source>Fleet key…</source>
        <translation>机群密钥…</translation>
    </message>
    <message>
        <source>The organisation&apos;s fingerprint key: every result&apos;s seal is verified with it, and a result changed after collection is rejected</source>
        <translation>组织的指纹密钥：用它校验每份结果的封签，收集后被改动的结果将被拒收</translation>
    </message>
    <message>
        <source>No folder open. A collection folder holds one folder per host, each with its audit.json (piaudit scan --format json).</source>
        <translation>尚未打开文件夹。收集文件夹中每台主机一个子文件夹，各含其 audit.json（piaudit scan --format json）。</translation>
    </message>
    <message>
        <source>#</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>指数</translation>
    </message>
    <message>
        <source>Band</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>完整</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Top categories</source>
        <translation>主要类别</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Not looked at</source>
        <translation>未检查的内容</translation>
    </message>
    <message>
        <source>Why it was rejected</source>
        <translation>拒收原因</translation>
    </message>
    <message>
        <source>Hosts by exposure</source>
        <translation>按暴露程度排列的主机</translation>
    </message>
    <message>
        <source>Values found on several hosts</source>
        <translation>出现在多台主机上的值</translation>
    </message>
    <message>
        <source>Blind spots</source>
        <translation>盲区</translation>
    </message>
    <message>
        <source>Rejected results</source>
        <translation>被拒收的结果</translation>
    </message>
    <message>
        <source>Shared values</source>
        <translation>共有的值</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>机群</translation>
    </message>
    <message>
        <source>Open collection folder</source>
        <translation>打开收集文件夹</translation>
    </message>
    <message>
        <source>Fleet key</source>
        <translation>机群密钥</translation>
    </message>
    <message>
        <source>Reading {0}…</source>
        <translation>正在读取 {0}…</translation>
    </message>
    <message>
        <source>Cannot open this folder: {0}</source>
        <translation>无法打开此文件夹：{0}</translation>
    </message>
    <message>
        <source>{0} host(s), {1} value(s) on several hosts, {2} result(s) rejected.</source>
        <translation>{0} 台主机，{1} 个值出现在多台主机上，{2} 个结果被拒收。</translation>
    </message>
    <message>
        <source>No two hosts share a fleet key: values cannot be linked.</source>
        <translation>没有两台主机使用同一机群密钥：无法关联各主机上的值。</translation>
    </message>
    <message>
        <source>Results were not verified: choose the fleet key (or set {0}) to detect a result changed after collection.</source>
        <translation>结果未经验证：选择机群密钥（或设置 {0}），即可发现收集后被改动的结果。</translation>
    </message>
    <message>
        <source>Rejected ({0})</source>
        <translation>已拒收（{0}）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>incomplete: not all read</source>
        <translation>未完成：未全部读取</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Exposure index</source>
        <translation>暴露指数</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>%1/100 · incomplete, not compared</source>
        <translation>%1/100 · 未完成，不作比较</translation>
    </message>
    <message>
        <source>This audit did not cover everything it was asked to; it is left out of the trend.</source>
        <translation>本次审计没有覆盖要求的全部范围，因此不计入趋势。</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Past audits</source>
        <translation>历次审计</translation>
    </message>
    <message>
        <source>Differences</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Select two audits to compare them.</source>
        <translation>选择两次审计进行对比。</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Verify log</source>
        <translation>校验日志</translation>
    </message>
    <message>
        <source>Check that no record of the log was altered, removed or reordered</source>
        <translation>检查日志记录是否被篡改、删除或调换顺序</translation>
    </message>
    <message>
        <source>Audits</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>Accepted risks and vault</source>
        <translation>已接受的风险与保险库</translation>
    </message>
    <message>
        <source>The audit log cannot be read: %1</source>
        <translation>无法读取审计日志：%1</translation>
    </message>
    <message>
        <source>The audit log is locked or off: unlock it to compare and verify.</source>
        <translation>审计日志已锁定或未启用：解锁后才能对比和校验。</translation>
    </message>
    <message>
        <source>No audit recorded yet.</source>
        <translation>尚无审计记录。</translation>
    </message>
    <message>
        <source>Audit #%1 against #%2: %3 new, %4 resolved, %5 unchanged.</source>
        <translation>第 %1 次审计与第 %2 次相比：新增 %3 项，已解决 %4 项，未变 %5 项。</translation>
    </message>
    <message>
        <source>Unlock the audit log to verify it.</source>
        <translation>请先解锁审计日志再校验。</translation>
    </message>
    <message>
        <source>The audit log cannot be verified: %1</source>
        <translation>无法校验审计日志：%1</translation>
    </message>
    <message>
        <source>The audit log is intact: %1 records verified.</source>
        <translation>审计日志完好：已校验 %1 条记录。</translation>
    </message>
    <message>
        <source>The audit log was altered at %1: %2</source>
        <translation>审计日志在 %1 处被改动：%2</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Identity</source>
        <translation>身份证件</translation>
    </message>
    <message>
        <source>Identity documents</source>
        <translation>身份证件</translation>
    </message>
    <message>
        <source>Financial accounts and payment</source>
        <translation>金融账户与支付</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>账号凭证</translation>
    </message>
    <message>
        <source>Contact details and address books</source>
        <translation>联系方式与通讯录</translation>
    </message>
    <message>
        <source>Whereabouts</source>
        <translation>行踪轨迹</translation>
    </message>
    <message>
        <source>Health and genetic data</source>
        <translation>健康生理信息</translation>
    </message>
    <message>
        <source>Biometrics</source>
        <translation>生物识别</translation>
    </message>
    <message>
        <source>Minors&apos; information</source>
        <translation>不满十四周岁未成年人信息</translation>
    </message>
    <message>
        <source>Browsing and consumption records</source>
        <translation>浏览与消费记录</translation>
    </message>
    <message>
        <source>Communications</source>
        <translation>通信内容</translation>
    </message>
    <message>
        <source>Basic personal details</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>App permissions</source>
        <translation>应用权限</translation>
    </message>
    <message>
        <source>Financial</source>
        <translation>金融</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康</translation>
    </message>
    <message>
        <source>Biometric</source>
        <translation>生物识别</translation>
    </message>
    <message>
        <source>Minors</source>
        <translation>未成年人</translation>
    </message>
    <message>
        <source>Behaviour</source>
        <translation>浏览消费</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>通信</translation>
    </message>
    <message>
        <source>Basic</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Not enough data</source>
        <translation>数据不足</translation>
    </message>
    <message>
        <source>Incomplete audit</source>
        <translation>审计未完成</translation>
    </message>
    <message>
        <source>Little exposed: fix what is listed</source>
        <translation>暴露较少：处理列出的问题即可</translation>
    </message>
    <message>
        <source>Action recommended</source>
        <translation>建议处理</translation>
    </message>
    <message>
        <source>Act soon</source>
        <translation>尽快处理</translation>
    </message>
    <message>
        <source>Act now</source>
        <translation>立即处理</translation>
    </message>
    <message>
        <source>Run a scan to get an index</source>
        <translation>扫描后即可得到指数</translation>
    </message>
    <message>
        <source>Not everything was read: this is not a verdict</source>
        <translation>并非所有内容都已读取：这不是结论</translation>
    </message>
    <message>
        <source>Personal data in files</source>
        <translation>文件中的个人信息</translation>
    </message>
    <message>
        <source>Chromium browsers</source>
        <translation>Chromium 系浏览器</translation>
    </message>
    <message>
        <source>Firefox and Thunderbird</source>
        <translation>Firefox 与 Thunderbird</translation>
    </message>
    <message>
        <source>SSH keys</source>
        <translation>SSH 密钥</translation>
    </message>
    <message>
        <source>Address books</source>
        <translation>通讯录</translation>
    </message>
    <message>
        <source>Credential files</source>
        <translation>凭据文件</translation>
    </message>
    <message>
        <source>Messaging apps</source>
        <translation>即时通讯应用</translation>
    </message>
    <message>
        <source>Flatpak app permissions</source>
        <translation>Flatpak 应用权限</translation>
    </message>
    <message>
        <source>Snap app permissions</source>
        <translation>Snap 应用权限</translation>
    </message>
    <message>
        <source>Browser extensions</source>
        <translation>浏览器扩展</translation>
    </message>
    <message>
        <source>macOS privacy database</source>
        <translation>macOS 隐私数据库</translation>
    </message>
    <message>
        <source>Windows app permissions</source>
        <translation>Windows 应用权限</translation>
    </message>
    <message>
        <source>Android phone</source>
        <translation>安卓手机</translation>
    </message>
    <message>
        <source>Camera and microphone in use</source>
        <translation>正在使用的摄像头和麦克风</translation>
    </message>
    <message>
        <source>the audit was stopped before it finished (%1 files read)</source>
        <translation>审计在完成前被停止（已读取 %1 个文件）</translation>
    </message>
    <message>
        <source>these parts of the audit failed: %1</source>
        <translation>审计的以下部分失败：%1</translation>
    </message>
    <message>
        <source>%1 of %2 files could not be read</source>
        <translation>%2 个文件中有 %1 个无法读取</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>could not look</source>
        <translation>无法检查</translation>
    </message>
    <message>
        <source>not on this computer</source>
        <translation>本机没有</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>binary files</source>
        <translation>二进制文件</translation>
    </message>
    <message>
        <source>empty files</source>
        <translation>空文件</translation>
    </message>
    <message>
        <source>unsupported formats</source>
        <translation>不支持的格式</translation>
    </message>
    <message>
        <source>symbolic links</source>
        <translation>符号链接</translation>
    </message>
    <message>
        <source>on another file system</source>
        <translation>位于其他文件系统</translation>
    </message>
    <message>
        <source>not regular files</source>
        <translation>非普通文件</translation>
    </message>
    <message>
        <source>excluded by a pattern</source>
        <translation>被排除规则排除</translation>
    </message>
    <message>
        <source>read as application stores</source>
        <translation>已作为应用存储读取</translation>
    </message>
    <message>
        <source>piaudit&apos;s own redacted copies</source>
        <translation>piaudit 自己生成的脱敏副本</translation>
    </message>
    <message>
        <source>piaudit&apos;s own data</source>
        <translation>piaudit 自己的数据</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <source>too large</source>
        <translation>过大</translation>
    </message>
    <message>
        <source>took too long</source>
        <translation>耗时过长</translation>
    </message>
    <message>
        <source>archive bombs</source>
        <translation>压缩炸弹</translation>
    </message>
    <message>
        <source>gone before they were read</source>
        <translation>在读取前已消失</translation>
    </message>
    <message>
        <source>too many findings</source>
        <translation>发现过多</translation>
    </message>
    <message>
        <source>internal error</source>
        <translation>内部错误</translation>
    </message>
    <message>
        <source>the reader crashed</source>
        <translation>读取程序崩溃</translation>
    </message>
    <message>
        <source>tool not installed</source>
        <translation>未安装所需工具</translation>
    </message>
    <message>
        <source>not this operating system</source>
        <translation>不适用于此操作系统</translation>
    </message>
    <message>
        <source>no device attached</source>
        <translation>未连接设备</translation>
    </message>
    <message>
        <source>device did not allow access</source>
        <translation>设备未授权访问</translation>
    </message>
    <message>
        <source>nothing of this kind here</source>
        <translation>本机没有此类数据</translation>
    </message>
    <message>
        <source>cannot be listed on this version</source>
        <translation>此版本无法列出</translation>
    </message>
    <message>
        <source>other reasons</source>
        <translation>其他原因</translation>
    </message>
    <message>
        <source>fine</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>needs action</source>
        <translation>需要处理</translation>
    </message>
</context>
<context>
    <name>LocationsModel</name>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Worst</source>
        <translation>最高严重程度</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>类别</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>机群</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <source>piaudit — personal information exposure audit</source>
        <translation>piaudit — 个人信息暴露审计</translation>
    </message>
    <message>
        <source>No keyring</source>
        <translation>没有系统钥匙串</translation>
    </message>
    <message>
        <source>No system keyring is available; you will be asked for the passphrase at each start.</source>
        <translation>系统钥匙串不可用；每次启动时都会询问口令。</translation>
    </message>
    <message>
        <source>A scan is running: try again when it has finished.</source>
        <translation>正在进行扫描：请在扫描结束后再试。</translation>
    </message>
    <message>
        <source>A scan is running on the Scan screen: wait for it to finish, then scan the phone.</source>
        <translation>“扫描”页面上有扫描正在进行：请等它完成后再扫描手机。</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>正在扫描…</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>已暂停。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>The scan was not recorded in the audit log: %1</source>
        <translation>本次扫描未写入审计日志：%1</translation>
    </message>
    <message>
        <source>The scan stopped</source>
        <translation>扫描已停止</translation>
    </message>
    <message>
        <source>The scan stopped because of an error: %1</source>
        <translation>扫描因错误而停止：%1</translation>
    </message>
    <message>
        <source>now</source>
        <translation>本次</translation>
    </message>
    <message>
        <source>A scan is running</source>
        <translation>正在扫描</translation>
    </message>
    <message>
        <source>A scan is running. Stop it and quit? What was found so far is kept in the log.</source>
        <translation>扫描正在进行。要停止扫描并退出吗？已发现的内容会保留在日志中。</translation>
    </message>
    <message>
        <source>Still stopping</source>
        <translation>仍在停止</translation>
    </message>
    <message>
        <source>The scan did not stop in time; piaudit will close anyway.</source>
        <translation>扫描未能及时停止；piaudit 仍将关闭。</translation>
    </message>
</context>
<context>
    <name>PermissionMatrix</name>
    <message>
        <source>not requested</source>
        <translation>未申请</translation>
    </message>
    <message>
        <source>broad</source>
        <translation>范围过宽</translation>
    </message>
    <message>
        <source>last used %1</source>
        <translation>上次使用 %1</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <source>Contacts</source>
        <translation>通讯录</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>Call log</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>日历</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Photos and media</source>
        <translation>照片和媒体</translation>
    </message>
    <message>
        <source>Home folder</source>
        <translation>主目录</translation>
    </message>
    <message>
        <source>Whole disk</source>
        <translation>整个磁盘</translation>
    </message>
    <message>
        <source>All websites</source>
        <translation>所有网站</translation>
    </message>
    <message>
        <source>Screen recording</source>
        <translation>屏幕录制</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Accessibility</source>
        <translation>无障碍服务</translation>
    </message>
    <message>
        <source>Bluetooth</source>
        <translation>蓝牙</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>All devices</source>
        <translation>所有设备</translation>
    </message>
    <message>
        <source>Body sensors</source>
        <translation>身体传感器</translation>
    </message>
    <message>
        <source>Health data</source>
        <translation>健康数据</translation>
    </message>
    <message>
        <source>Browsing history</source>
        <translation>浏览记录</translation>
    </message>
    <message>
        <source>Clipboard</source>
        <translation>剪贴板</translation>
    </message>
    <message>
        <source>Input monitoring</source>
        <translation>输入监控</translation>
    </message>
    <message>
        <source>Device administrator</source>
        <translation>设备管理器</translation>
    </message>
    <message>
        <source>App usage</source>
        <translation>应用使用情况</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>所有来源</translation>
    </message>
    <message>
        <source>Browser extensions</source>
        <translation>浏览器扩展</translation>
    </message>
    <message>
        <source>macOS privacy settings</source>
        <translation>macOS 隐私设置</translation>
    </message>
    <message>
        <source>Windows privacy settings</source>
        <translation>Windows 隐私设置</translation>
    </message>
    <message>
        <source>Android</source>
        <translation>安卓</translation>
    </message>
    <message>
        <source>In use now (camera, microphone)</source>
        <translation>正在使用（摄像头、麦克风）</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
</context>
<context>
    <name>PermissionsView</name>
    <message>
        <source>adb (Android platform tools) is not installed: install it, e.g. apt install adb.</source>
        <translation>未安装 adb（Android 平台工具）：请先安装，例如 apt install adb。</translation>
    </message>
    <message>
        <source>adb could not list devices: %1</source>
        <translation>adb 无法列出设备：%1</translation>
    </message>
    <message>
        <source>The phone did not allow USB debugging: unlock it and accept the prompt, then try again.</source>
        <translation>手机未允许 USB 调试：请解锁手机并接受提示，然后重试。</translation>
    </message>
    <message>
        <source>No phone is attached. Connect it by USB with USB debugging on (Settings &gt; Developer options).</source>
        <translation>未连接手机。请用 USB 连接并打开 USB 调试（设置 &gt; 开发者选项）。</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>No app permissions have been read yet. Run a scan with the permission scanners (Flatpak, Snap, browser extensions, an attached Android phone...) to fill this matrix; the file scan alone does not read permissions.</source>
        <translation>尚未读取任何应用权限。请运行包含权限扫描器（Flatpak、Snap、浏览器扩展、已连接的安卓手机等）的扫描来填充此矩阵；仅扫描文件不会读取权限。</translation>
    </message>
    <message>
        <source>By permission</source>
        <translation>按权限</translation>
    </message>
    <message>
        <source>Apps × permissions</source>
        <translation>应用 × 权限</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Filter permissions (Ctrl+F)</source>
        <translation>筛选权限（Ctrl+F）</translation>
    </message>
    <message>
        <source>Permission filter</source>
        <translation>权限筛选</translation>
    </message>
    <message>
        <source>● allowed   ◉ in use now   ○ denied   ! broad grant</source>
        <translation>● 已允许   ◉ 正在使用   ○ 已拒绝  ！范围过宽的授权</translation>
    </message>
    <message>
        <source>Select a cell to see the grant and how to revoke it.</source>
        <translation>选择一个单元格，查看该授权及撤销方法。</translation>
    </message>
    <message>
        <source>Built-in</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>Third-party</source>
        <translation>第三方</translation>
    </message>
    <message>
        <source>Permission and app</source>
        <translation>权限与应用</translation>
    </message>
    <message>
        <source>App kind</source>
        <translation>应用类型</translation>
    </message>
    <message>
        <source>Granted through</source>
        <translation>授权来源</translation>
    </message>
    <message>
        <source>Apps by permission, as a list</source>
        <translation>按权限列出的应用</translation>
    </message>
    <message>
        <source>%1: %2 of %3 apps allowed</source>
        <translation>%1：%3 个应用中 %2 个已允许</translation>
    </message>
    <message>
        <source>broad</source>
        <translation>范围过宽</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>撤销…</translation>
    </message>
    <message>
        <source>Revoke %1 from %2</source>
        <translation>撤销 %2 的%1权限</translation>
    </message>
    <message>
        <source>Shows the exact command and runs it only after you confirm</source>
        <translation>先显示确切的命令，经您确认后才运行</translation>
    </message>
    <message>
        <source>Grant details</source>
        <translation>授权详情</translation>
    </message>
    <message>
        <source>Scan phone…</source>
        <translation>扫描手机…</translation>
    </message>
    <message>
        <source>Read the app permissions of an Android phone attached by USB (read-only, through adb)</source>
        <translation>读取通过 USB 连接的安卓手机的应用权限（只读，通过 adb）</translation>
    </message>
    <message>
        <source>Choose a phone</source>
        <translation>选择手机</translation>
    </message>
    <message>
        <source>Several phones are attached. Which one should be read?</source>
        <translation>连接了多部手机。要读取哪一部？</translation>
    </message>
    <message>
        <source>Looking for phones…</source>
        <translation>正在查找手机…</translation>
    </message>
    <message>
        <source>Reading the permissions of %1…</source>
        <translation>正在读取 %1 的权限…</translation>
    </message>
    <message>
        <source>This app did not ask for this permission.</source>
        <translation>此应用未申请该权限。</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>As the source names it</source>
        <translation>来源中的原始名称</translation>
    </message>
    <message>
        <source>App</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Reaches</source>
        <translation>可访问</translation>
    </message>
    <message>
        <source>Broad grant</source>
        <translation>范围过宽的授权</translation>
    </message>
    <message>
        <source>yes: it reaches more than the app needs to work</source>
        <translation>是：其访问范围超出应用正常工作所需</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <source>How to revoke</source>
        <translation>如何撤销</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Revoke permission</source>
        <translation>撤销权限</translation>
    </message>
    <message>
        <source>Revoke “%1” from %2 by running this command?</source>
        <translation>运行以下命令，撤销 %2 的“%1”权限？</translation>
    </message>
    <message>
        <source>It runs without a shell, on this computer, and is recorded in the audit log.</source>
        <translation>该命令在本机上运行，不经过 shell，并会记录到审计日志中。</translation>
    </message>
    <message>
        <source>Run command</source>
        <translation>运行命令</translation>
    </message>
    <message>
        <source>Cancelled: nothing was run.</source>
        <translation>已取消：未运行任何命令。</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <source>Revoked. Scan again to see the change.</source>
        <translation>已撤销。请重新扫描以查看变化。</translation>
    </message>
    <message>
        <source>The command was not found: %1</source>
        <translation>找不到该命令：%1</translation>
    </message>
    <message>
        <source>The command did not finish in time (%1).</source>
        <translation>命令未能按时完成（%1）。</translation>
    </message>
    <message>
        <source>The command failed (exit code %1): %2</source>
        <translation>命令失败（退出码 %1）：%2</translation>
    </message>
    <message>
        <source>Not recorded in the audit log.</source>
        <translation>未记录到审计日志。</translation>
    </message>
    <message>
        <source>Apps by permission</source>
        <translation>按权限列出的应用</translation>
    </message>
</context>
<context>
    <name>Presenter</name>
    <message>
        <source>%1 facts from %2 sources</source>
        <translation>%1 条信息，来自 %2 处</translation>
    </message>
    <message>
        <source>Apply the fixes first (step 4).</source>
        <translation>请先完成第 4 步：修复。</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>正在扫描…</translation>
    </message>
    <message>
        <source>%1 findings</source>
        <translation>%1 项发现</translation>
    </message>
    <message>
        <source>Done. Press → to go on.</source>
        <translation>完成。按 → 继续。</translation>
    </message>
    <message>
        <source>The scan failed: %1</source>
        <translation>扫描失败：%1</translation>
    </message>
    <message>
        <source>Exposure index (0-100)</source>
        <translation>暴露指数（0–100）</translation>
    </message>
    <message>
        <source>%1 people linked up across files, browsers and the phone</source>
        <translation>跨文件、浏览器和手机关联出 %1 个人</translation>
    </message>
    <message>
        <source>%1 files</source>
        <translation>%1 个文件</translation>
    </message>
    <message>
        <source>%1 of %2 fixes applied. Press → to scan again.</source>
        <translation>已完成 %2 项修复中的 %1 项。按 → 重新扫描。</translation>
    </message>
    <message>
        <source>Applying the fixes…</source>
        <translation>正在修复…</translation>
    </message>
    <message>
        <source>%1 fixes. Press → to apply them.</source>
        <translation>共 %1 项修复。按 → 全部执行。</translation>
    </message>
    <message>
        <source>The fixes failed: %1</source>
        <translation>修复失败：%1</translation>
    </message>
    <message>
        <source>Export handout</source>
        <translation>导出讲义</translation>
    </message>
    <message>
        <source>What a leaky computer gives away: a piaudit training session</source>
        <translation>一台泄露信息的电脑会暴露什么：piaudit 培训</translation>
    </message>
    <message>
        <source>Every value on this page was invented for the training and is masked.</source>
        <translation>本页所有数据均为培训虚构，并已脱敏。</translation>
    </message>
    <message>
        <source>Check your own computer: piaudit scan, or the piaudit desktop app.</source>
        <translation>检查你自己的电脑：运行 piaudit scan，或使用 piaudit 桌面应用。</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修复前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修复后</translation>
    </message>
    <message>
        <source>The cases</source>
        <translation>案例</translation>
    </message>
    <message>
        <source>%1 people linked up</source>
        <translation>关联出 %1 人</translation>
    </message>
    <message>
        <source>Case 1: a phone number plus a password</source>
        <translation>案例一：手机号加密码</translation>
    </message>
    <message>
        <source>Criminals took users&apos; mobile numbers, logged into their accounts with passwords, took over the payment accounts and stole 238,228.71 yuan.</source>
        <translation>犯罪分子获取用户手机号，用密码登录其账户，控制支付账户，盗走 238,228.71 元。</translation>
    </message>
    <message>
        <source>A phone number alone is harmless; with a password it opens a bank account.</source>
        <translation>单有手机号无害；加上密码，就能打开银行账户。</translation>
    </message>
    <message>
        <source>Case 2: apps that take the address book and location</source>
        <translation>案例二：索取通讯录和位置的应用</translation>
    </message>
    <message>
        <source>&quot;After entering the app you must first agree to let it view the address book and location before it can be used&quot;: forced authorization.</source>
        <translation>“进入应用后须先同意授权查看通讯录、位置信息等权限，才能正常使用”：这就是强制授权。</translation>
    </message>
    <message>
        <source>Every grant is a copy of your contacts or your whereabouts in someone else&apos;s hands.</source>
        <translation>每一项授权，都让别人多拿到一份你的通讯录或行踪。</translation>
    </message>
    <message>
        <source>Case 3: express-delivery slips</source>
        <translation>案例三：快递单</translation>
    </message>
    <message>
        <source>Some express companies sold courier slips as a sideline: each slip is a name, a phone number and an address.</source>
        <translation>一些不良快递公司把快递单当副业出售：每张单子就是姓名、电话和地址。</translation>
    </message>
    <message>
        <source>Lists of other people weigh the most: one export holds hundreds of slips.</source>
        <translation>他人信息的名单分量最重：一份导出文件就有几百张快递单。</translation>
    </message>
    <message>
        <source>1. Scan live</source>
        <translation>1. 现场扫描</translation>
    </message>
    <message>
        <source>2. The score</source>
        <translation>2. 暴露指数</translation>
    </message>
    <message>
        <source>3. What an attacker links up</source>
        <translation>3. 攻击者能关联出什么</translation>
    </message>
    <message>
        <source>4. Apply the fixes</source>
        <translation>4. 执行修复</translation>
    </message>
    <message>
        <source>5. Scan again</source>
        <translation>5. 重新扫描</translation>
    </message>
    <message>
        <source>6. The score falls</source>
        <translation>6. 指数下降</translation>
    </message>
    <message>
        <source>Every scanner reads the synthetic machine: files, browsers, keys, Flatpak apps and the phone&apos;s apps. Nothing leaves this computer.</source>
        <translation>所有扫描器读取这台虚构的电脑：文件、浏览器、密钥、Flatpak 应用和手机上的应用。数据不会离开本机。</translation>
    </message>
    <message>
        <source>How exposed this machine is, from 0 to 100: what was found, how sensitive, how many people, who can read it.</source>
        <translation>这台电脑的暴露程度（0–100）：发现了什么、有多敏感、涉及多少人、谁能读取。</translation>
    </message>
    <message>
        <source>Findings that share a value or sit in one record are joined into one person: facts harmless alone become a kit for fraud. Every value is masked.</source>
        <translation>值相同或位于同一条记录中的发现被归到同一个人：单独无害的信息，合起来就成了诈骗工具包。所有值均已脱敏。</translation>
    </message>
    <message>
        <source>What piaudit recommends, applied to the sandbox: press → to apply them all.</source>
        <translation>piaudit 建议的修复，在沙箱中执行：按 → 全部执行。</translation>
    </message>
    <message>
        <source>The same scanners on the fixed machine.</source>
        <translation>同样的扫描器，扫描修复后的电脑。</translation>
    </message>
    <message>
        <source>Before and after the fixes.</source>
        <translation>修复前后对比。</translation>
    </message>
    <message>
        <source>Vault %1</source>
        <translation>将 %1 移入加密保险库</translation>
    </message>
    <message>
        <source>encrypted, out of reach; piaudit can restore it</source>
        <translation>加密保存，他人无法读取；piaudit 可恢复</translation>
    </message>
    <message>
        <source>Make %1 private</source>
        <translation>将 %1 设为私有</translation>
    </message>
    <message>
        <source>only its owner can read it (mode 600)</source>
        <translation>只有所有者能读取（权限 600）</translation>
    </message>
    <message>
        <source>Chrome: remove the saved passwords and card</source>
        <translation>Chrome：删除保存的密码和银行卡</translation>
    </message>
    <message>
        <source>into a password manager; Linux&apos;s fixed key protects nothing</source>
        <translation>改存密码管理器；Linux 上的固定密钥形同虚设</translation>
    </message>
    <message>
        <source>Firefox: set a primary password</source>
        <translation>Firefox：设置主密码</translation>
    </message>
    <message>
        <source>the saved logins need it to be opened</source>
        <translation>打开已保存的登录信息需要主密码</translation>
    </message>
    <message>
        <source>SSH: a passphrase on the key</source>
        <translation>SSH：为密钥设置口令</translation>
    </message>
    <message>
        <source>a copied key is useless without it</source>
        <translation>密钥被复制走也无法使用</translation>
    </message>
    <message>
        <source>Flatpak: take %1 from %2</source>
        <translation>Flatpak：收回 %2 的 %1 权限</translation>
    </message>
    <message>
        <source>the app keeps only what it needs</source>
        <translation>应用只保留所需的权限</translation>
    </message>
    <message>
        <source>Phone: revoke %1 from %2</source>
        <translation>手机：撤销 %2 的 %1 权限</translation>
    </message>
    <message>
        <source>the app can no longer read it</source>
        <translation>应用再也读不到这些信息</translation>
    </message>
    <message>
        <source>Phone: turn off the accessibility service of %1</source>
        <translation>手机：关闭 %1 的无障碍服务</translation>
    </message>
    <message>
        <source>it could read everything on screen, passwords included</source>
        <translation>它能读取屏幕上的一切，包括密码</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>piaudit training: %1</source>
        <translation>piaudit 培训：%1</translation>
    </message>
    <message>
        <source>→ next   ← back   F11 full screen</source>
        <translation>→ 下一步&#x3000;← 上一步&#x3000;F11 全屏</translation>
    </message>
    <message>
        <source>Handout saved: %1</source>
        <translation>讲义已保存：%1</translation>
    </message>
</context>
<context>
    <name>Punctuation</name>
    <message>
        <source>, </source>
        <comment>between list items</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>; </source>
        <comment>between clauses</comment>
        <translation>；</translation>
    </message>
    <message>
        <source>: </source>
        <comment>after a label</comment>
        <translation>：</translation>
    </message>
    <message>
        <source> (%1)</source>
        <comment>an aside after a word</comment>
        <translation>（%1）</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>A report holds masked values only. It is written where you choose and is never uploaded.</source>
        <translation>报告只包含脱敏值，保存在您选择的位置，绝不上传。</translation>
    </message>
    <message>
        <source>Audit to export</source>
        <translation>要导出的审计</translation>
    </message>
    <message>
        <source>Report format</source>
        <translation>报告格式</translation>
    </message>
    <message>
        <source>Report contents</source>
        <translation>报告内容</translation>
    </message>
    <message>
        <source>Full report (every finding)</source>
        <translation>完整报告（列出每条发现）</translation>
    </message>
    <message>
        <source>Summary only (score, categories, top risks, advice)</source>
        <translation>仅摘要（分数、类别、主要风险、建议）</translation>
    </message>
    <message>
        <source>Report language</source>
        <translation>报告语言</translation>
    </message>
    <message>
        <source>Report preview</source>
        <translation>报告预览</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>This session&apos;s audit</source>
        <translation>本次运行的审计</translation>
    </message>
    <message>
        <source>Audit #%1 of %2</source>
        <translation>第 %1 次审计（%2）</translation>
    </message>
    <message>
        <source>Not available in this build yet: %1</source>
        <translation>此版本暂不支持：%1</translation>
    </message>
    <message>
        <source>Run a scan first: there is nothing to export yet.</source>
        <translation>请先扫描：目前没有可导出的内容。</translation>
    </message>
    <message>
        <source>No preview: %1</source>
        <translation>无法预览：%1</translation>
    </message>
    <message>
        <source>The preview lists the first %1 of %2 findings; the file lists them all.</source>
        <translation>预览列出 %2 条发现中的前 %1 条；文件中列出全部。</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>The report could not be written: %1</source>
        <translation>无法写入报告：%1</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>报告已保存到 %1</translation>
    </message>
</context>
<context>
    <name>ScanView</name>
    <message>
        <source>What to scan</source>
        <translation>扫描范围</translation>
    </message>
    <message>
        <source>Quick: Documents, Desktop and Downloads</source>
        <translation>快速：文档、桌面和下载</translation>
    </message>
    <message>
        <source>Full: your whole home folder</source>
        <translation>全面：整个用户主目录</translation>
    </message>
    <message>
        <source>Custom: the folders and scanners you choose</source>
        <translation>自定义：您选择的文件夹和扫描器</translation>
    </message>
    <message>
        <source>Folders to scan</source>
        <translation>要扫描的文件夹</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>e.g. *.iso, node_modules</source>
        <translation>例如 *.iso, node_modules</translation>
    </message>
    <message>
        <source>Exclude patterns</source>
        <translation>排除规则</translation>
    </message>
    <message>
        <source>Personal data in files</source>
        <translation>文件中的个人信息</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation>排除</translation>
    </message>
    <message>
        <source>Scanners</source>
        <translation>扫描器</translation>
    </message>
    <message>
        <source>Start scan</source>
        <translation>开始扫描</translation>
    </message>
    <message>
        <source>Start scan (Ctrl+R)</source>
        <translation>开始扫描（Ctrl+R）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the scan (Esc)</source>
        <translation>取消扫描（Esc）</translation>
    </message>
    <message>
        <source>See findings</source>
        <translation>查看发现</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Scan progress</source>
        <translation>扫描进度</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Now scanning</source>
        <translation>正在扫描</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Found so far</source>
        <translation>目前发现</translation>
    </message>
    <message>
        <source>Scanners of this audit</source>
        <translation>本次审计的扫描器</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>扫描器</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Choose a folder to scan</source>
        <translation>选择要扫描的文件夹</translation>
    </message>
    <message>
        <source>Folder not found</source>
        <translation>找不到文件夹</translation>
    </message>
    <message>
        <source>This folder does not exist any more: %1</source>
        <translation>此文件夹已不存在：%1</translation>
    </message>
    <message>
        <source>A phone is being read: wait for the phone scan to finish, then start this scan.</source>
        <translation>正在读取手机：请等手机扫描完成后再开始这次扫描。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>正在扫描…</translation>
    </message>
    <message>
        <source>Paused. Nothing is read until you resume.</source>
        <translation>已暂停。继续之前不会读取任何文件。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>%1 files/s · %2/s · %3 files checked, %4 read</source>
        <translation>每秒 %1 个文件 · 每秒 %2 · 已检查 %3 个文件，读取 %4</translation>
    </message>
    <message>
        <source>%1 elapsed</source>
        <translation>已用 %1</translation>
    </message>
    <message>
        <source>time left not known (no earlier audit of these folders to compare with)</source>
        <translation>剩余时间未知（这些文件夹没有可供比较的上次审计）</translation>
    </message>
    <message>
        <source>almost done (more files than the last audit)</source>
        <translation>即将完成（文件比上次审计多）</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>约剩 %1 分钟</translation>
    </message>
    <message>
        <source>about %1 min left (based on the last scan)</source>
        <translation>约剩 %1 分钟（依据上次扫描）</translation>
    </message>
    <message>
        <source>Incomplete audit: %1. Its index is not a verdict and is not compared with other audits.</source>
        <translation>审计未完成：%1。其指数不构成结论，也不与其他审计比较。</translation>
    </message>
    <message>
        <source>Phone permissions are on the Permissions screen.</source>
        <translation>手机的权限显示在“权限”页面。</translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
    <message>
        <source>Files not read: %1.</source>
        <translation>未读取的文件：%1。</translation>
    </message>
    <message>
        <source>Could not be read: %1.</source>
        <translation>无法读取：%1。</translation>
    </message>
    <message>
        <source>%1 (partly)</source>
        <translation>%1（部分）</translation>
    </message>
    <message>
        <source>Could not look: %1. This is not the same as nothing found.</source>
        <translation>无法检查：%1。这不等于没有发现。</translation>
    </message>
    <message>
        <source>Not on this computer: %1.</source>
        <translation>本机上没有：%1。</translation>
    </message>
    <message>
        <source>Every file was read and every scanner could look.</source>
        <translation>所有文件均已读取，所有扫描器均已完成检查。</translation>
    </message>
    <message>
        <source>Nothing yet.</source>
        <translation>暂无。</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>a count and a reason</comment>
        <translation>%2 %1 个</translation>
    </message>
    <message>
        <source>Stopped. %1 files scanned, %2 findings kept.</source>
        <translation>已停止。扫描了 %1 个文件，保留 %2 条发现。</translation>
    </message>
    <message>
        <source>Done. %1 files scanned, %2 findings.</source>
        <translation>完成。扫描了 %1 个文件，发现 %2 条。</translation>
    </message>
    <message>
        <source>%1 items could not be read.</source>
        <translation>%1 项无法读取。</translation>
    </message>
    <message>
        <source>Not recorded in the audit log.</source>
        <translation>未写入审计日志。</translation>
    </message>
    <message>
        <source>The scan stopped because of an error: %1</source>
        <translation>扫描因错误而停止：%1</translation>
    </message>
</context>
<context>
    <name>ScoreGauge</name>
    <message>
        <source>Exposure index</source>
        <translation>暴露指数</translation>
    </message>
    <message>
        <source>%1 out of 100, %2: %3</source>
        <translation>%1/100,%2:%3</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Scanning</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Default folders</source>
        <translation>默认文件夹</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Custom folders</source>
        <translation>自定义文件夹</translation>
    </message>
    <message>
        <source>Exclude patterns</source>
        <translation>排除规则</translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation>排除</translation>
    </message>
    <message>
        <source>Personal data in files</source>
        <translation>文件中的个人信息</translation>
    </message>
    <message>
        <source>Scanners</source>
        <translation>扫描器</translation>
    </message>
    <message>
        <source>Automatic (one per core)</source>
        <translation>自动（每个核心一个）</translation>
    </message>
    <message>
        <source>Worker processes</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>When libnss3 is missing, test Firefox profiles with the empty password</source>
        <translation>缺少 libnss3 时，用空密码测试 Firefox 配置文件</translation>
    </message>
    <message>
        <source>Decrypts only Firefox&apos;s fixed test value, never a saved login. Off by default.</source>
        <translation>只解密 Firefox 固定的测试值，绝不解密已保存的登录信息。默认关闭。</translation>
    </message>
    <message>
        <source>Browsers</source>
        <translation>浏览器</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>当前口令</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>新口令</translation>
    </message>
    <message>
        <source>Repeat the new passphrase</source>
        <translation>再次输入新口令</translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation>修改口令</translation>
    </message>
    <message>
        <source>Keep the passphrase in the system keyring</source>
        <translation>把口令保存在系统钥匙串中</translation>
    </message>
    <message>
        <source>Erase the whole log…</source>
        <translation>清除全部日志…</translation>
    </message>
    <message>
        <source>Unlock the audit log to change these.</source>
        <translation>解锁审计日志后才能修改这些设置。</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation>两次输入的新口令不一致。</translation>
    </message>
    <message>
        <source>The passphrase was changed.</source>
        <translation>口令已修改。</translation>
    </message>
    <message>
        <source>Type the current passphrase above, then tick this box again.</source>
        <translation>请先在上方输入当前口令，再勾选此项。</translation>
    </message>
    <message>
        <source>The passphrase is kept in the system keyring.</source>
        <translation>口令已保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>No system keyring is available.</source>
        <translation>系统钥匙串不可用。</translation>
    </message>
    <message>
        <source>The passphrase was removed from the keyring.</source>
        <translation>口令已从钥匙串中移除。</translation>
    </message>
    <message>
        <source>Erase the whole log</source>
        <translation>清除全部日志</translation>
    </message>
    <message>
        <source>Every recorded audit will be deleted and overwritten on disk. This cannot be undone.</source>
        <translation>所有审计记录都将被删除并在磁盘上覆盖，且无法撤销。</translation>
    </message>
    <message>
        <source>Erase everything</source>
        <translation>全部清除</translation>
    </message>
    <message>
        <source>%1 audits were erased.</source>
        <translation>已清除 %1 次审计。</translation>
    </message>
</context>
<context>
    <name>Sources</name>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Browsers</source>
        <translation>浏览器</translation>
    </message>
    <message>
        <source>Address books</source>
        <translation>通讯录</translation>
    </message>
    <message>
        <source>Credential files</source>
        <translation>凭据文件</translation>
    </message>
    <message>
        <source>Messaging</source>
        <translation>即时通讯</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Other stores</source>
        <translation>其他存储</translation>
    </message>
    <message>
        <source>Chromium browsers</source>
        <translation>Chromium 系浏览器</translation>
    </message>
    <message>
        <source>Firefox and Thunderbird</source>
        <translation>Firefox 与 Thunderbird</translation>
    </message>
    <message>
        <source>Other browsers</source>
        <translation>其他浏览器</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <source>protected by a passphrase</source>
        <translation>受口令保护</translation>
    </message>
    <message>
        <source>a private key without passphrase</source>
        <translation>无口令保护的私钥</translation>
    </message>
    <message>
        <source>protected by the OS keyring</source>
        <translation>受系统钥匙环保护</translation>
    </message>
    <message>
        <source>behind a primary password</source>
        <translation>受主密码保护</translation>
    </message>
    <message>
        <source>protected only by a well-known key</source>
        <translation>仅受公开的固定密钥保护</translation>
    </message>
    <message>
        <source>stored in the clear</source>
        <translation>明文保存</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>已允许</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>in use now</source>
        <translation>正在使用</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>Protection</source>
        <translation>保护方式</translation>
    </message>
    <message>
        <source>Browser</source>
        <translation>浏览器</translation>
    </message>
    <message>
        <source>App</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>App name</source>
        <translation>应用名称</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>程序</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Address book</source>
        <translation>通讯录</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Format version</source>
        <translation>格式版本</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>As the source names it</source>
        <translation>来源中的原始名称</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Broad grant</source>
        <translation>范围过宽的授权</translation>
    </message>
    <message>
        <source>Reaches</source>
        <translation>可访问</translation>
    </message>
    <message>
        <source>How to revoke</source>
        <translation>如何撤销</translation>
    </message>
    <message>
        <source>Revoke command</source>
        <translation>撤销命令</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>加密方式</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>StatusNotes</name>
    <message>
        <source>adb was not found (install Android platform tools, Debian: apt install adb)</source>
        <translation>未找到 adb（请安装 Android 平台工具，Debian:apt install adb）</translation>
    </message>
    <message>
        <source>adb devices failed: %1</source>
        <translation>adb devices 执行失败：%1</translation>
    </message>
    <message>
        <source>the phone %1 is not attached</source>
        <translation>手机 %1 未连接</translation>
    </message>
    <message>
        <source>no Android phone is attached: connect it by USB and enable USB debugging (Settings &gt; Developer options)</source>
        <translation>未连接 Android 手机：请用 USB 连接并打开 USB 调试（设置 &gt; 开发者选项）</translation>
    </message>
    <message>
        <source>%1: unlock the phone and accept the &apos;Allow USB debugging&apos; prompt, then scan again</source>
        <translation>%1：请解锁手机并在“允许 USB 调试”提示中确认，然后重新扫描</translation>
    </message>
    <message>
        <source>%1: this user may not open the USB device (udev rules; Debian: apt install android-sdk-platform-tools-common)</source>
        <translation>%1：当前用户无权打开该 USB 设备（udev 规则；Debian:apt install android-sdk-platform-tools-common）</translation>
    </message>
    <message>
        <source>%1 is %2: unplug and replug it, unlock it</source>
        <translation>%1 的状态为 %2：请拔下重新插入并解锁</translation>
    </message>
    <message>
        <source>%1: %2 cannot be listed on this Android version; check it in Settings</source>
        <translation>%1：此 Android 版本无法列出 %2；请在“设置”中查看</translation>
    </message>
    <message>
        <source>%1: usage access cannot be listed over adb before Android 9; check Settings &gt; Security &gt; Apps with usage access</source>
        <translation>%1:Android 9 之前无法通过 adb 列出使用情况访问权限；请查看“设置 &gt; 安全 &gt; 有权查看使用情况的应用”</translation>
    </message>
    <message>
        <source>%1: other users and work profiles cannot be listed; only the main user was read</source>
        <translation>%1：无法列出其他用户和工作资料；只读取了主用户</translation>
    </message>
    <message>
        <source>%1: the work profile is paused or locked: turn on work apps, unlock it and scan again</source>
        <translation>%1：工作资料已暂停或锁定：请开启工作应用并解锁，然后重新扫描</translation>
    </message>
    <message>
        <source>%1: the user %2 is not running: switch to it once, then scan again</source>
        <translation>%1：用户 %2 未在运行：请先切换到该用户一次，然后重新扫描</translation>
    </message>
    <message>
        <source>no Chromium-family or Firefox profile was found</source>
        <translation>未找到 Chromium 系或 Firefox 浏览器的用户配置</translation>
    </message>
    <message>
        <source>Flatpak runs on Linux only</source>
        <translation>Flatpak 仅在 Linux 上运行</translation>
    </message>
    <message>
        <source>no Flatpak installation (/var/lib/flatpak, ~/.local/share/flatpak)</source>
        <translation>没有 Flatpak 安装（/var/lib/flatpak、~/.local/share/flatpak）</translation>
    </message>
    <message>
        <source>live camera and microphone use is checked on Linux only</source>
        <translation>仅在 Linux 上检查摄像头和麦克风的实时使用</translation>
    </message>
    <message>
        <source>no /proc to look at</source>
        <translation>没有可查看的 /proc</translation>
    </message>
    <message>
        <source>only your own processes were checked (not root)</source>
        <translation>只检查了您自己的进程（非 root）</translation>
    </message>
    <message>
        <source>pactl was not found: PipeWire/PulseAudio recording apps not listed</source>
        <translation>未找到 pactl：未列出 PipeWire/PulseAudio 录音应用</translation>
    </message>
    <message>
        <source>snapd runs on Linux only</source>
        <translation>snapd 仅在 Linux 上运行</translation>
    </message>
    <message>
        <source>snaps are installed but the snap command was not found</source>
        <translation>已安装 snap 应用，但未找到 snap 命令</translation>
    </message>
    <message>
        <source>snapd is not installed</source>
        <translation>未安装 snapd</translation>
    </message>
    <message>
        <source>TCC exists on macOS only</source>
        <translation>TCC 仅存在于 macOS 上</translation>
    </message>
    <message>
        <source>no TCC.db was found</source>
        <translation>未找到 TCC.db</translation>
    </message>
    <message>
        <source>%1 is not readable without Full Disk Access</source>
        <translation>没有“完全磁盘访问权限”无法读取 %1</translation>
    </message>
    <message>
        <source>location clients (%1) are readable by admin only</source>
        <translation>位置服务客户端列表（%1）仅管理员可读</translation>
    </message>
    <message>
        <source>the Windows registry exists on Windows only (or set %1 to a .reg export)</source>
        <translation>Windows 注册表仅存在于 Windows 上（或将 %1 设为 .reg 导出文件）</translation>
    </message>
    <message>
        <source>no Thunderbird, Evolution or macOS Contacts address book was found</source>
        <translation>未找到 Thunderbird、Evolution 或 macOS“通讯录”的地址簿</translation>
    </message>
    <message>
        <source>no Chromium-family browser profile found</source>
        <translation>未找到 Chromium 系浏览器的用户配置</translation>
    </message>
    <message>
        <source>no ~/.ssh folder with files</source>
        <translation>没有含文件的 ~/.ssh 文件夹</translation>
    </message>
    <message>
        <source>no credential file of a known tool was found</source>
        <translation>未找到已知工具的凭据文件</translation>
    </message>
    <message>
        <source>no Firefox or Thunderbird profile found</source>
        <translation>未找到 Firefox 或 Thunderbird 的用户配置</translation>
    </message>
    <message>
        <source>no chat or mail client data was found</source>
        <translation>未找到聊天或邮件客户端的数据</translation>
    </message>
</context>
<context>
    <name>StoresModel</name>
    <message>
        <source>Section</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>部分数</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>Worst</source>
        <translation>最严重</translation>
    </message>
    <message>
        <source>Protection</source>
        <translation>保护方式</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <source>Exposure index over past audits</source>
        <translation>历次审计的暴露指数</translation>
    </message>
    <message>
        <source>The trend appears after your first audits.</source>
        <translation>完成几次审计后即可看到趋势。</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>Unlock the audit log</source>
        <translation>解锁审计日志</translation>
    </message>
    <message>
        <source>Enter the passphrase of your audit log to see past audits and record new ones.</source>
        <translation>输入审计日志的口令，即可查看历次审计并记录新的审计。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Remember it in the system keyring</source>
        <translation>保存在系统钥匙串中</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Continue without the log</source>
        <translation>不使用日志继续</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
    <message>
        <source>That passphrase is wrong. Try again.</source>
        <translation>口令错误，请重试。</translation>
    </message>
</context>
</TS>
