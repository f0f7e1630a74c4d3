<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko">
<context>
    <name>app</name>
    <message>
        <source>Opening the workspace…</source>
        <translation>작업 공간을 여는 중…</translation>
    </message>
    <message>
        <source>Connecting to the team server {server}…</source>
        <translation>팀 서버 {server}에 연결하는 중…</translation>
    </message>
    <message>
        <source>The workspace could not be opened:</source>
        <translation>작업 공간을 열 수 없습니다:</translation>
    </message>
    <message>
        <source>This workspace is new: set it up to begin.</source>
        <translation>새 작업 공간입니다. 시작하려면 설정하십시오.</translation>
    </message>
    <message>
        <source>Setting up the workspace…</source>
        <translation>작업 공간을 설정하는 중…</translation>
    </message>
    <message>
        <source>The workspace was not set up. Run `moderator setup`, or open it again.</source>
        <translation>작업 공간이 설정되지 않았습니다. `moderator setup`을 실행하거나 다시 여십시오.</translation>
    </message>
    <message>
        <source>Moderator · choose a profile</source>
        <translation>Moderator · 프로필 선택</translation>
    </message>
    <message>
        <source>team server</source>
        <translation>팀 서버</translation>
    </message>
    <message>
        <source>shared queue</source>
        <translation>공유 대기열</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>이 컴퓨터</translation>
    </message>
    <message>
        <source>Which profile do you want to work in?</source>
        <translation>어느 프로필에서 작업하시겠습니까?</translation>
    </message>
    <message>
        <source>Set up this workspace</source>
        <translation>작업 공간 설정</translation>
    </message>
    <message>
        <source>This workspace is new. Set up your organisation: you become its first supervisor, and can then add queues and people (Tools → Admin).</source>
        <translation>새 작업 공간입니다. 조직을 설정하십시오. 설정한 분이 첫 관리자가 되며, 이후 대기열과 인원을 추가할 수 있습니다(도구 → 관리).</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>조직</translation>
    </message>
    <message>
        <source>Your user name</source>
        <translation>사용자 이름</translation>
    </message>
    <message>
        <source>Your full name</source>
        <translation>성명</translation>
    </message>
    <message>
        <source>Time zone (reports, day boundaries, deadlines)</source>
        <translation>시간대(신고, 일 단위 경계, 기한)</translation>
    </message>
    <message>
        <source>Support contact</source>
        <translation>지원 연락처</translation>
    </message>
    <message>
        <source>Policies to start from</source>
        <translation>시작할 정책</translation>
    </message>
    <message>
        <source>Wellbeing profile of new queues</source>
        <translation>새 대기열의 심리 보호 프로필</translation>
    </message>
    <message>
        <source>Give your organisation&apos;s name.</source>
        <translation>조직 이름을 입력하십시오.</translation>
    </message>
    <message>
        <source>Choose the organisation&apos;s time zone, e.g. Asia/Seoul.</source>
        <translation>조직의 시간대를 선택하십시오(예: Asia/Seoul).</translation>
    </message>
</context>
<context>
    <name>common</name>
    <message>
        <source>nothing in this period</source>
        <translation>이 기간에는 항목이 없습니다</translation>
    </message>
    <message>
        <source>undefined</source>
        <translation>정의되지 않음</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours}시간</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes}분</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours}시간 {minutes}분</translation>
    </message>
    <message>
        <source>minimal</source>
        <translation>매우 낮음</translation>
    </message>
    <message>
        <source>low</source>
        <translation>낮음</translation>
    </message>
    <message>
        <source>moderate</source>
        <translation>보통</translation>
    </message>
    <message>
        <source>high</source>
        <translation>높음</translation>
    </message>
    <message>
        <source>severe</source>
        <translation>매우 높음</translation>
    </message>
    <message>
        <source>Same file (SHA-256)</source>
        <translation>동일 파일(SHA-256)</translation>
    </message>
    <message>
        <source>Same picture (PDQ)</source>
        <translation>동일 이미지(PDQ)</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>항목</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>일치</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>신고</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>대기열</translation>
    </message>
    <message>
        <source>Revealed</source>
        <translation>흐림 해제됨</translation>
    </message>
    <message>
        <source>Region reveal</source>
        <translation>영역 흐림 해제</translation>
    </message>
    <message>
        <source>Revealed · low blur</source>
        <translation>흐림 해제됨 · 약한 흐림</translation>
    </message>
    <message>
        <source>{tag} · re-blurs in {seconds} s</source>
        <translation>{tag} · {seconds}초 후 다시 흐림</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Audit console</source>
        <translation>감사 콘솔</translation>
    </message>
    <message>
        <source>Team exposure</source>
        <translation>팀 노출 현황</translation>
    </message>
    <message>
        <source>QA dashboard</source>
        <translation>품질 관리 대시보드</translation>
    </message>
    <message>
        <source>Adjudication</source>
        <translation>판정 조정</translation>
    </message>
    <message>
        <source>Gold items</source>
        <translation>기준 항목</translation>
    </message>
    <message>
        <source>Actions and notices</source>
        <translation>조치 및 통지</translation>
    </message>
    <message>
        <source>Training records</source>
        <translation>교육 이수 기록</translation>
    </message>
    <message>
        <source>Admin: queues, people, policies</source>
        <translation>관리: 대기열, 인원, 정책</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>도구(&amp;T)</translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days}일 {hours}시간</translation>
    </message>
</context>
<context>
    <name>review</name>
    <message>
        <source>Reveal</source>
        <translation>흐림 해제</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>체크리스트</translation>
    </message>
    <message>
        <source>Decide</source>
        <translation>결정</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>신고</translation>
    </message>
    <message>
        <source>Reveal while held (re-blurs on release)</source>
        <translation>누르고 있는 동안 흐림 해제(놓으면 다시 흐림)</translation>
    </message>
    <message>
        <source>Region reveal: a circle under the pointer (toggle)</source>
        <translation>영역 흐림 해제: 포인터 아래 원형 영역(켜기/끄기)</translation>
    </message>
    <message>
        <source>Timed reveal: re-blurs by itself after a few seconds</source>
        <translation>시간 제한 흐림 해제: 몇 초 후 자동으로 다시 흐림</translation>
    </message>
    <message>
        <source>Grayscale on / off</source>
        <translation>흑백 켜기/끄기</translation>
    </message>
    <message>
        <source>More blur</source>
        <translation>흐림 강하게</translation>
    </message>
    <message>
        <source>Less blur</source>
        <translation>흐림 약하게</translation>
    </message>
    <message>
        <source>Next media item of the report</source>
        <translation>신고의 다음 미디어</translation>
    </message>
    <message>
        <source>Previous media item</source>
        <translation>이전 미디어</translation>
    </message>
    <message>
        <source>Video: next keyframe (blurred)</source>
        <translation>동영상: 다음 키프레임(흐림 처리)</translation>
    </message>
    <message>
        <source>Video: previous keyframe; back to the contact sheet</source>
        <translation>동영상: 이전 키프레임, 키프레임 모음으로 돌아가기</translation>
    </message>
    <message>
        <source>Answer the current checklist item</source>
        <translation>현재 체크리스트 항목에 답하기</translation>
    </message>
    <message>
        <source>Next checklist item</source>
        <translation>다음 체크리스트 항목</translation>
    </message>
    <message>
        <source>Previous checklist item</source>
        <translation>이전 체크리스트 항목</translation>
    </message>
    <message>
        <source>Write in the current text field or the notes</source>
        <translation>현재 입력란이나 메모에 쓰기</translation>
    </message>
    <message>
        <source>Leave a text field; end a reveal; close this help</source>
        <translation>입력란 나가기, 흐림 해제 끝내기, 이 도움말 닫기</translation>
    </message>
    <message>
        <source>Submit the decision (when the form is valid)</source>
        <translation>결정 제출(양식이 올바를 때)</translation>
    </message>
    <message>
        <source>Undo the last decision during its grace period</source>
        <translation>유예 시간 안에 마지막 결정 실행 취소</translation>
    </message>
    <message>
        <source>Escalate to a supervisor (asks for a reason)</source>
        <translation>관리자에게 이관(사유 입력)</translation>
    </message>
    <message>
        <source>Skip: give the report back and move on</source>
        <translation>건너뛰기: 신고를 대기열에 돌려놓고 다음으로</translation>
    </message>
    <message>
        <source>Next: check the queue now</source>
        <translation>다음: 지금 대기열 확인</translation>
    </message>
    <message>
        <source>Group: select the next similar report (always blurred)</source>
        <translation>묶음: 다음 유사 신고 선택(항상 흐림 처리)</translation>
    </message>
    <message>
        <source>Group: take the selected report out (it is reviewed on its own) or back</source>
        <translation>묶음: 선택한 신고를 묶음에서 빼기(따로 검토됨) 또는 다시 넣기</translation>
    </message>
    <message>
        <source>Show or hide the reporter&apos;s text</source>
        <translation>신고 내용 보기/숨기기</translation>
    </message>
    <message>
        <source>Show or hide this help</source>
        <translation>이 도움말 보기/숨기기</translation>
    </message>
    <message>
        <source>Answer: {question}</source>
        <translation>다음 항목에 답하십시오: {question}</translation>
    </message>
    <message>
        <source>Choose an outcome</source>
        <translation>처리 결과를 선택하십시오</translation>
    </message>
    <message>
        <source>Add a note explaining the decision</source>
        <translation>결정 이유를 메모에 적으십시오</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Notes (F2 to write, Esc to leave)</source>
        <translation>메모(F2로 쓰기, Esc로 나가기)</translation>
    </message>
    <message>
        <source>Submit decision</source>
        <translation>결정 제출</translation>
    </message>
    <message>
        <source>Policy {id}, version {version}</source>
        <translation>정책 {id}, 버전 {version}</translation>
    </message>
    <message>
        <source>A note is required (F2 to write)</source>
        <translation>메모가 필요합니다(F2로 쓰기)</translation>
    </message>
    <message>
        <source>Notes (F2)</source>
        <translation>메모(F2)</translation>
    </message>
    <message>
        <source>Cannot submit yet: {reason}</source>
        <translation>아직 제출할 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>(optional)</source>
        <translation>(선택)</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>처리 결과</translation>
    </message>
    <message>
        <source>Not saved: {ref} went back to the queue (its lease ran out). Your answers are kept and come back if you get it again.</source>
        <translation>저장되지 않았습니다: {ref} 신고의 할당 시간이 만료되어 대기열로 돌아갔습니다. 입력하신 답변은 보관되며, 이 신고를 다시 받으면 그대로 표시됩니다.</translation>
    </message>
    <message>
        <source>Your decision was not saved; your answers are kept.</source>
        <translation>결정이 저장되지 않았습니다. 입력하신 답변은 보관됩니다.</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>실행 취소할 결정이 없습니다</translation>
    </message>
    <message>
        <source>Decision undone: the report is back, with your answers</source>
        <translation>결정을 취소했습니다: 신고가 입력하신 답변과 함께 돌아왔습니다</translation>
    </message>
    <message>
        <source>Too late to undo: that decision is final</source>
        <translation>실행 취소 시간이 지났습니다: 결정이 확정되었습니다</translation>
    </message>
    <message>
        <source>{ref} escalated</source>
        <translation>{ref} 신고를 이관했습니다</translation>
    </message>
    <message>
        <source>Not escalated:</source>
        <translation>이관되지 않았습니다:</translation>
    </message>
    <message>
        <source>due in {time}</source>
        <translation>{time} 남음</translation>
    </message>
    <message>
        <source>overdue by {time}</source>
        <translation>{time} 초과</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>접수</translation>
    </message>
    <message>
        <source>SLA</source>
        <translation>처리 기한</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <source>Hash banks</source>
        <translation>해시 목록</translation>
    </message>
    <message>
        <source>Report {ref}</source>
        <translation>신고 {ref}</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>미기재</translation>
    </message>
    <message>
        <source>{priority} of 5</source>
        <translation>5단계 중 {priority}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>No other report shares this media</source>
        <translation>이 미디어를 포함한 다른 신고가 없습니다</translation>
    </message>
    <message>
        <source>1 other report shares this media</source>
        <translation>이 미디어를 포함한 다른 신고가 1건 있습니다</translation>
    </message>
    <message>
        <source>{count} other reports share this media</source>
        <translation>이 미디어를 포함한 다른 신고가 {count}건 있습니다</translation>
    </message>
    <message>
        <source>Hide the reporter&apos;s text (I)</source>
        <translation>신고 내용 숨기기(I)</translation>
    </message>
    <message>
        <source>Show the reporter&apos;s text (I)</source>
        <translation>신고 내용 보기(I)</translation>
    </message>
    <message>
        <source>No reporter&apos;s text</source>
        <translation>신고 내용 없음</translation>
    </message>
    <message>
        <source>F1 or Esc closes this help.</source>
        <translation>F1 또는 Esc를 누르면 이 도움말이 닫힙니다.</translation>
    </message>
    <message>
        <source>{ref} went back to the queue (its lease ran out). Your answers are kept and come back if you get it again.</source>
        <translation>{ref} 신고의 할당 시간이 만료되어 대기열로 돌아갔습니다. 입력하신 답변은 보관되며, 이 신고를 다시 받으면 그대로 표시됩니다.</translation>
    </message>
    <message>
        <source>1 decision from the last session was recorded</source>
        <translation>지난 세션의 결정 1건이 기록되었습니다</translation>
    </message>
    <message>
        <source>{count} decisions from the last session were recorded</source>
        <translation>지난 세션의 결정 {count}건이 기록되었습니다</translation>
    </message>
    <message>
        <source>Similar reports could not be looked up: {problem}</source>
        <translation>유사 신고를 조회하지 못했습니다: {problem}</translation>
    </message>
    <message>
        <source>{problem} Retrying every {seconds} s.</source>
        <translation>{problem} {seconds}초마다 다시 시도합니다.</translation>
    </message>
    <message>
        <source>The media file is missing</source>
        <translation>미디어 파일이 없습니다</translation>
    </message>
    <message>
        <source>The media file is damaged</source>
        <translation>미디어 파일이 손상되었습니다</translation>
    </message>
    <message>
        <source>The media could not be decoded</source>
        <translation>미디어를 디코딩할 수 없습니다</translation>
    </message>
    <message>
        <source>The media file has changed since it was reported</source>
        <translation>신고 이후 미디어 파일이 변경되었습니다</translation>
    </message>
    <message>
        <source>The media is too large to preview</source>
        <translation>미디어가 너무 커서 미리 볼 수 없습니다</translation>
    </message>
    <message>
        <source>The media took too long to decode</source>
        <translation>미디어 디코딩 시간이 초과되었습니다</translation>
    </message>
    <message>
        <source>This kind of media cannot be shown</source>
        <translation>이 형식의 미디어는 표시할 수 없습니다</translation>
    </message>
    <message>
        <source>This media cannot be shown</source>
        <translation>이 미디어는 표시할 수 없습니다</translation>
    </message>
    <message>
        <source>media unreviewable</source>
        <translation>미디어 검토 불가</translation>
    </message>
    <message>
        <source>If you cannot decide without it, choose “{outcome}”.</source>
        <translation>미디어 없이 결정할 수 없다면 “{outcome}” 항목을 선택하십시오.</translation>
    </message>
    <message>
        <source>Sync: checking…</source>
        <translation>동기화: 확인 중…</translation>
    </message>
    <message>
        <source>now</source>
        <translation>지금</translation>
    </message>
    <message>
        <source>{waiting} · offline since {since}</source>
        <translation>{waiting} · {since}부터 오프라인</translation>
    </message>
    <message>
        <source>Offline since {since}</source>
        <translation>{since}부터 오프라인</translation>
    </message>
    <message>
        <source>Sync paused: the central store needs a supervisor&apos;s attention</source>
        <translation>동기화 일시 중지: 중앙 저장소에 관리자의 확인이 필요합니다</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>동기화됨</translation>
    </message>
    <message>
        <source>{count} saved here, waiting to send</source>
        <translation>이 컴퓨터에 {count}건 저장됨, 전송 대기 중</translation>
    </message>
    <message>
        <source>Events waiting</source>
        <translation>전송 대기 중인 이벤트 있음</translation>
    </message>
    <message>
        <source>1 event waiting</source>
        <translation>이벤트 1건 대기 중</translation>
    </message>
    <message>
        <source>{count} events waiting</source>
        <translation>이벤트 {count}건 대기 중</translation>
    </message>
    <message>
        <source>Sync failed; events are kept here and will be sent later</source>
        <translation>동기화에 실패했습니다. 이벤트는 이 컴퓨터에 보관되며 나중에 전송됩니다</translation>
    </message>
    <message>
        <source>{queue}: {course} expired on {day} — ask your supervisor to renew it.</source>
        <translation>{queue}: {course} 교육이 {day}에 만료되었습니다 — 관리자에게 갱신을 요청하십시오.</translation>
    </message>
    <message>
        <source>{queue}: {course} ({title}) is not on your record — ask your supervisor to record it.</source>
        <translation>{queue}: {course}({title}) 이수 기록이 없습니다 — 관리자에게 기록을 요청하십시오.</translation>
    </message>
    <message>
        <source>{course} expires today, on {day}.</source>
        <translation>{course} 교육이 오늘({day}) 만료됩니다.</translation>
    </message>
    <message>
        <source>{course} expires tomorrow, on {day}.</source>
        <translation>{course} 교육이 내일({day}) 만료됩니다.</translation>
    </message>
    <message>
        <source>{course} expires in {days} days, on {day}.</source>
        <translation>{course} 교육이 {days}일 후({day})에 만료됩니다.</translation>
    </message>
    <message>
        <source>Some queues are closed to you until your training is up to date:</source>
        <translation>교육 이수가 갱신될 때까지 일부 대기열을 이용할 수 없습니다:</translation>
    </message>
    <message>
        <source>Your training does not cover any queue right now, so nothing can be claimed:</source>
        <translation>현재 이수한 교육으로 이용할 수 있는 대기열이 없어 신고를 할당받을 수 없습니다:</translation>
    </message>
    <message>
        <source>Training: {what}</source>
        <translation>교육 안내: {what}</translation>
    </message>
    <message>
        <source>No media is attached to this report</source>
        <translation>이 신고에는 첨부된 미디어가 없습니다</translation>
    </message>
    <message>
        <source>The preview failed.</source>
        <translation>미리보기를 만들지 못했습니다.</translation>
    </message>
    <message>
        <source>Media {position} of {count}</source>
        <translation>미디어 {count}개 중 {position}번째</translation>
    </message>
    <message>
        <source>Video: contact sheet</source>
        <translation>동영상: 키프레임 모음</translation>
    </message>
    <message>
        <source>Video: frame at {seconds} s</source>
        <translation>동영상: {seconds}초 지점 프레임</translation>
    </message>
    <message>
        <source>Blur {level} of 6</source>
        <translation>흐림 {level}/6단계</translation>
    </message>
    <message>
        <source>grayscale</source>
        <translation>흑백</translation>
    </message>
    <message>
        <source>colour</source>
        <translation>컬러</translation>
    </message>
    <message>
        <source>Blur {level} is the lightest this queue allows</source>
        <translation>이 대기열에서 허용되는 가장 약한 흐림은 {level}단계입니다</translation>
    </message>
    <message>
        <source>Signed in as {who} · profile {profile}</source>
        <translation>로그인: {who} · 프로필 {profile}</translation>
    </message>
    <message>
        <source>Opening the queue…</source>
        <translation>대기열을 여는 중…</translation>
    </message>
    <message>
        <source>Loading the next report…</source>
        <translation>다음 신고를 불러오는 중…</translation>
    </message>
    <message>
        <source>Answer {number}</source>
        <translation>{number}번 답</translation>
    </message>
    <message>
        <source>Nothing to review right now</source>
        <translation>지금은 검토할 신고가 없습니다</translation>
    </message>
    <message>
        <source>The queue is checked again every {seconds} s, quietly. Press N to check now.</source>
        <translation>대기열은 {seconds}초마다 조용히 다시 확인됩니다. 지금 확인하려면 N을 누르십시오.</translation>
    </message>
    <message>
        <source>No reports waiting for you</source>
        <translation>대기 중인 신고가 없습니다</translation>
    </message>
    <message>
        <source>Say why you escalate (one line is enough)</source>
        <translation>이관 사유를 입력하십시오(한 줄이면 충분합니다)</translation>
    </message>
    <message>
        <source>Saved: {ref} and {count} similar · {outcome}. Undo with Ctrl+Z ({left} s)</source>
        <translation>저장됨: {ref} 외 유사 신고 {count}건 · {outcome}. Ctrl+Z로 실행 취소({left}초)</translation>
    </message>
    <message>
        <source>Saved: {ref} · {outcome}. Undo with Ctrl+Z ({left} s)</source>
        <translation>저장됨: {ref} · {outcome}. Ctrl+Z로 실행 취소({left}초)</translation>
    </message>
    <message>
        <source>Saved: {ref} · {outcome} · waiting to send. Undo with Ctrl+Z ({left} s)</source>
        <translation>저장됨: {ref} · {outcome} · 전송 대기 중. Ctrl+Z로 실행 취소({left}초)</translation>
    </message>
    <message>
        <source>{title} · {count} waiting</source>
        <translation>{title} · {count}건 대기</translation>
    </message>
    <message>
        <source>Closing: saving decisions and giving reports back…</source>
        <translation>종료 중: 결정을 저장하고 신고를 대기열에 돌려놓는 중…</translation>
    </message>
    <message>
        <source>Why escalate? Enter sends it, Esc cancels</source>
        <translation>이관 사유는 무엇입니까? Enter로 보내고 Esc로 취소합니다</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Hold Space to reveal</source>
        <translation>Space를 누르고 있으면 흐림 해제</translation>
    </message>
    <message>
        <source>Region (R)</source>
        <translation>영역(R)</translation>
    </message>
    <message>
        <source>Timed (T)</source>
        <translation>시간 제한(T)</translation>
    </message>
    <message>
        <source>Grayscale (G)</source>
        <translation>흑백(G)</translation>
    </message>
    <message>
        <source>More blur ]</source>
        <translation>흐림 강하게 ]</translation>
    </message>
    <message>
        <source>Less blur [</source>
        <translation>흐림 약하게 [</translation>
    </message>
    <message>
        <source>Keys (F1)</source>
        <translation>단축키(F1)</translation>
    </message>
    <message>
        <source>Skip (S)</source>
        <translation>건너뛰기(S)</translation>
    </message>
    <message>
        <source>Escalate (E)</source>
        <translation>이관(E)</translation>
    </message>
    <message>
        <source>known content, decided automatically; no one viewed it</source>
        <translation>알려진 콘텐츠로 자동 결정됨(아무도 열람하지 않음)</translation>
    </message>
    <message>
        <source>routed to this queue</source>
        <translation>이 대기열로 배정됨</translation>
    </message>
    <message>
        <source>flagged for you</source>
        <translation>검토 필요로 표시됨</translation>
    </message>
    <message>
        <source>a known false positive (safe list)</source>
        <translation>알려진 오탐지(안전 목록)</translation>
    </message>
    <message>
        <source>overridden by the safe list</source>
        <translation>안전 목록에 따라 무시됨</translation>
    </message>
    <message>
        <source>video PDQ</source>
        <translation>동영상 PDQ</translation>
    </message>
    <message>
        <source>{signal} exact</source>
        <translation>{signal} 완전 일치</translation>
    </message>
    <message>
        <source>{signal} distance {distance}</source>
        <translation>{signal} 거리 {distance}</translation>
    </message>
    <message>
        <source>report {ref}</source>
        <translation>신고 {ref}</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>Confirmed by {who} on {day}, from {where}.</source>
        <translation>확인: {who}, {day}, 출처: {where}.</translation>
    </message>
    <message>
        <source>Confirmed by {who}, from {where}.</source>
        <translation>확인: {who}, 출처: {where}.</translation>
    </message>
    <message>
        <source>Item {position}: bank {bank}, {how}: {done}.</source>
        <translation>{position}번 항목: 해시 목록 {bank}, {how}: {done}.</translation>
    </message>
    <message>
        <source>Same file</source>
        <translation>동일 파일</translation>
    </message>
    <message>
        <source>PDQ distance {distance}</source>
        <translation>PDQ 거리 {distance}</translation>
    </message>
    <message>
        <source>Saved: {ref} and {count} similar · {outcome} · waiting to send. Undo with Ctrl+Z ({left} s)</source>
        <translation>저장됨: {ref} 외 유사 신고 {count}건 · {outcome} · 전송 대기 중. Ctrl+Z로 실행 취소({left}초)</translation>
    </message>
    <message>
        <source>Blurred preview loading…</source>
        <translation>흐림 처리된 미리보기를 불러오는 중…</translation>
    </message>
    <message>
        <source>In the group</source>
        <translation>묶음에 포함</translation>
    </message>
    <message>
        <source>No preview</source>
        <translation>미리보기 없음</translation>
    </message>
    <message>
        <source>Taken out: reviewed on its own</source>
        <translation>묶음에서 뺌: 따로 검토됨</translation>
    </message>
    <message>
        <source>{next}: next member · {toggle}: take out or put back · always blurred</source>
        <translation>{next}: 다음 항목 · {toggle}: 빼기 또는 다시 넣기 · 항상 흐림 처리</translation>
    </message>
    <message>
        <source>Decide for this and 1 similar report</source>
        <translation>이 신고와 유사 신고 1건을 함께 결정</translation>
    </message>
    <message>
        <source>Decide for this and {count} similar reports</source>
        <translation>이 신고와 유사 신고 {count}건을 함께 결정</translation>
    </message>
    <message>
        <source>Decide for this report only</source>
        <translation>이 신고만 결정</translation>
    </message>
    <message>
        <source>{decide} · {out} taken out</source>
        <translation>{decide} · {out}건 뺌</translation>
    </message>
</context>
<context>
    <name>supervisor</name>
    <message>
        <source>No exposure recorded</source>
        <translation>기록된 노출이 없습니다</translation>
    </message>
    <message>
        <source>Revealed minutes by reviewer (shade = severity)</source>
        <translation>검토자별 흐림 해제 시간(분)(색의 농도 = 심각도)</translation>
    </message>
    <message>
        <source>Moderator · Team exposure</source>
        <translation>Moderator · 팀 노출 현황</translation>
    </message>
    <message>
        <source>Team exposure, last {days} days</source>
        <translation>팀 노출 현황, 최근 {days}일</translation>
    </message>
    <message>
        <source>The audit console is for supervisors. Your role is {role}; ask a supervisor if you need something from the audit log.</source>
        <translation>감사 콘솔은 관리자만 사용할 수 있습니다. 현재 역할: {role}. 감사 기록에서 필요한 내용이 있으면 관리자에게 요청하십시오.</translation>
    </message>
    <message>
        <source>Opening the central store…</source>
        <translation>중앙 저장소를 여는 중…</translation>
    </message>
    <message>
        <source>Select an event to see its details.</source>
        <translation>이벤트를 선택하면 세부 정보가 표시됩니다.</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>집계하는 중…</translation>
    </message>
    <message>
        <source>1 event matches the filter</source>
        <translation>필터와 일치하는 이벤트 1건</translation>
    </message>
    <message>
        <source>1 event</source>
        <translation>이벤트 1건</translation>
    </message>
    <message>
        <source>{count} events match the filter</source>
        <translation>필터와 일치하는 이벤트 {count}건</translation>
    </message>
    <message>
        <source>{count} events</source>
        <translation>이벤트 {count}건</translation>
    </message>
    <message>
        <source>The central store could not be read: {problem}</source>
        <translation>중앙 저장소를 읽을 수 없습니다: {problem}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>This event is no longer in the central store.</source>
        <translation>이 이벤트는 더 이상 중앙 저장소에 없습니다.</translation>
    </message>
    <message>
        <source>Verifying every workstation&apos;s chain…</source>
        <translation>모든 워크스테이션의 기록 체인을 검증하는 중…</translation>
    </message>
    <message>
        <source>{workstations}, all verified</source>
        <translation>{workstations}, 모두 검증됨</translation>
    </message>
    <message>
        <source>{bad} of {workstations} need attention</source>
        <translation>{workstations} 중 {bad}대 확인 필요</translation>
    </message>
    <message>
        <source>Verification could not run: {problem}</source>
        <translation>검증을 실행할 수 없습니다: {problem}</translation>
    </message>
    <message>
        <source>Export the filtered audit log</source>
        <translation>필터링된 감사 기록 내보내기</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>내보내기를 취소했습니다. 파일은 만들어지지 않았습니다.</translation>
    </message>
    <message>
        <source>Exported {count} events to {path}</source>
        <translation>이벤트 {count}건을 {path}(으)로 내보냈습니다</translation>
    </message>
    <message>
        <source>The export failed and no file was written: {problem}</source>
        <translation>내보내기에 실패하여 파일이 만들어지지 않았습니다: {problem}</translation>
    </message>
    <message>
        <source>1 workstation</source>
        <translation>워크스테이션 1대</translation>
    </message>
    <message>
        <source>{count} workstations</source>
        <translation>워크스테이션 {count}대</translation>
    </message>
    <message>
        <source>report {id}</source>
        <translation>신고 {id}</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>검토자</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>(keep as it is)</source>
        <translation>(현재 설정 유지)</translation>
    </message>
    <message>
        <source>Edit queue {name}</source>
        <translation>대기열 {name} 편집</translation>
    </message>
    <message>
        <source>Add queue</source>
        <translation>대기열 추가</translation>
    </message>
    <message>
        <source> h</source>
        <translation>시간</translation>
    </message>
    <message>
        <source>report categories, separated by spaces</source>
        <translation>신고 유형(공백으로 구분)</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>정책</translation>
    </message>
    <message>
        <source>Deadline after receipt</source>
        <translation>접수 후 처리 기한</translation>
    </message>
    <message>
        <source>Escalates to</source>
        <translation>이관 대상 대기열</translation>
    </message>
    <message>
        <source>Training needed</source>
        <translation>필요한 교육</translation>
    </message>
    <message>
        <source>Least role to claim</source>
        <translation>할당받을 수 있는 최소 역할</translation>
    </message>
    <message>
        <source>Wellbeing profile</source>
        <translation>심리 보호 프로필</translation>
    </message>
    <message>
        <source>No policy is stored yet: import one on the Policies tab first.</source>
        <translation>저장된 정책이 없습니다. 먼저 정책 탭에서 정책을 가져오십시오.</translation>
    </message>
    <message>
        <source>Edit {name}</source>
        <translation>{name} 편집</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>인원 추가</translation>
    </message>
    <message>
        <source>User name (to sign in)</source>
        <translation>사용자 이름(로그인용)</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>성명</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>워크스테이션</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>순번</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>심각도</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Revealed min</source>
        <translation>흐림 해제(분)</translation>
    </message>
    <message>
        <source>Blurred min</source>
        <translation>흐림 상태(분)</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>항목 수</translation>
    </message>
    <message>
        <source>Breaks due</source>
        <translation>예정 휴식</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>실시</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>결정 수</translation>
    </message>
    <message>
        <source>Per hour</source>
        <translation>시간당</translation>
    </message>
    <message>
        <source>Gold accuracy</source>
        <translation>기준 항목 정확도</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>검토자 간 일치도</translation>
    </message>
    <message>
        <source>Unblurred h</source>
        <translation>흐림 해제(시간)</translation>
    </message>
    <message>
        <source>Blurred h</source>
        <translation>흐림 상태(시간)</translation>
    </message>
    <message>
        <source>Breaks taken/due</source>
        <translation>휴식 실시/예정</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>건너뜀</translation>
    </message>
    <message>
        <source>&quot;I need to stop&quot;</source>
        <translation>“작업 중단”</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>설정 안 함</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>처리 기한</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>교육</translation>
    </message>
    <message>
        <source>Wellbeing</source>
        <translation>심리 보호</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>신고</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <source>New decisions on</source>
        <translation>새 결정에 사용하는 대기열</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>가져온 날짜</translation>
    </message>
    <message>
        <source> days</source>
        <translation>일</translation>
    </message>
    <message>
        <source>{reports} ({open} open)</source>
        <translation>{reports}건(미처리 {open}건)</translation>
    </message>
    <message>
        <source>archived {day}</source>
        <translation>{day} 보관 처리됨</translation>
    </message>
    <message>
        <source>open</source>
        <translation>운영 중</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>사용자 이름</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>추가일</translation>
    </message>
    <message>
        <source>active</source>
        <translation>활성</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>비활성</translation>
    </message>
    <message>
        <source>{version} (latest)</source>
        <translation>{version}(최신)</translation>
    </message>
    <message>
        <source>{day} by {who}</source>
        <translation>{day}, 가져온 사람 {who}</translation>
    </message>
    <message>
        <source>Add queue…</source>
        <translation>대기열 추가…</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>보관 처리</translation>
    </message>
    <message>
        <source>Add person…</source>
        <translation>인원 추가…</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>비활성화</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>다시 활성화</translation>
    </message>
    <message>
        <source>Enrollment code…</source>
        <translation>등록 코드…</translation>
    </message>
    <message>
        <source>Revoke workstations…</source>
        <translation>워크스테이션 권한 취소…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>가져오기…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>대기열</translation>
    </message>
    <message>
        <source>People</source>
        <translation>인원</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>조직</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>설정 저장</translation>
    </message>
    <message>
        <source>Time zone (reports, day boundaries, deadlines)</source>
        <translation>시간대(신고, 일 단위 경계, 기한)</translation>
    </message>
    <message>
        <source>Support contact</source>
        <translation>지원 연락처</translation>
    </message>
    <message>
        <source>Keep report content after the decision</source>
        <translation>결정 후 신고 내용 보관 기간</translation>
    </message>
    <message>
        <source>Keep media after the decision</source>
        <translation>결정 후 미디어 보관 기간</translation>
    </message>
    <message>
        <source>Wellbeing profile of new queues</source>
        <translation>새 대기열의 심리 보호 프로필</translation>
    </message>
    <message>
        <source>By</source>
        <translation>기준</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>조치</translation>
    </message>
    <message>
        <source>Acted on</source>
        <translation>조치된 신고</translation>
    </message>
    <message>
        <source>Median to action</source>
        <translation>조치까지 중앙값</translation>
    </message>
    <message>
        <source>Removed/blocked</source>
        <translation>삭제/차단</translation>
    </message>
    <message>
        <source>Median to removal</source>
        <translation>삭제까지 중앙값</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>기한 초과</translation>
    </message>
    <message>
        <source>Write the compliance report into</source>
        <translation>준수 보고서를 저장할 폴더</translation>
    </message>
    <message>
        <source>Last {days} days</source>
        <translation>최근 {days}일</translation>
    </message>
    <message>
        <source>Write compliance report…</source>
        <translation>준수 보고서 작성…</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>기간:</translation>
    </message>
    <message>
        <source>whole days in {zone}</source>
        <translation>{zone} 기준 일 단위</translation>
    </message>
    <message>
        <source>Decisions per day</source>
        <translation>일별 결정 수</translation>
    </message>
    <message>
        <source>Agreement per policy (Cohen&apos;s κ, 95% CI)</source>
        <translation>정책별 검토자 간 일치도(Cohen의 κ, 95% 신뢰구간)</translation>
    </message>
    <message>
        <source>Gold accuracy per reviewer (95% CI)</source>
        <translation>검토자별 기준 항목 정확도(95% 신뢰구간)</translation>
    </message>
    <message>
        <source>Exposure per reviewer (hours)</source>
        <translation>검토자별 노출 시간(시간)</translation>
    </message>
    <message>
        <source>unblurred</source>
        <translation>흐림 해제</translation>
    </message>
    <message>
        <source>blurred</source>
        <translation>흐림 상태</translation>
    </message>
    <message>
        <source>Reviewers</source>
        <translation>검토자</translation>
    </message>
    <message>
        <source>Policies</source>
        <translation>정책</translation>
    </message>
    <message>
        <source>Time to action and removal</source>
        <translation>조치 및 삭제까지의 시간</translation>
    </message>
    <message>
        <source>Team: gold accuracy {gold}; agreement {agreement}; {count} decisions.</source>
        <translation>팀: 기준 항목 정확도 {gold}, 검토자 간 일치도 {agreement}, 결정 {count}건.</translation>
    </message>
    <message>
        <source>Could not load the metrics: {problem}</source>
        <translation>지표를 불러올 수 없습니다: {problem}</translation>
    </message>
    <message>
        <source>Writing the compliance report…</source>
        <translation>준수 보고서를 작성하는 중…</translation>
    </message>
    <message>
        <source>Wrote {count} files to {folder}</source>
        <translation>{folder}에 파일 {count}개를 저장했습니다</translation>
    </message>
    <message>
        <source>The report was not written: {problem}</source>
        <translation>보고서가 작성되지 않았습니다: {problem}</translation>
    </message>
    <message>
        <source>no data (n=0)</source>
        <translation>데이터 없음(n=0)</translation>
    </message>
    <message>
        <source>{value} (95% CI {low}–{high}, n={n})</source>
        <translation>{value}(95% 신뢰구간 {low}–{high}, n={n})</translation>
    </message>
    <message>
        <source>{count} valid</source>
        <translation>유효 {count}개</translation>
    </message>
    <message>
        <source>{count} expiring</source>
        <translation>만료 임박 {count}개</translation>
    </message>
    <message>
        <source>{count} expired</source>
        <translation>만료 {count}개</translation>
    </message>
    <message>
        <source>{count} missing</source>
        <translation>미이수 {count}개</translation>
    </message>
    <message>
        <source>κ {kappa} (95% CI {low} to {high}, n={n})</source>
        <translation>κ {kappa}(95% 신뢰구간 {low}~{high}, n={n})</translation>
    </message>
    <message>
        <source>no items rated by both</source>
        <translation>두 검토자가 모두 평가한 항목 없음</translation>
    </message>
    <message>
        <source>undefined: both raters used a single, identical category</source>
        <translation>정의되지 않음: 두 검토자가 모두 같은 하나의 결과만 선택함</translation>
    </message>
    <message>
        <source>Exposure saved: {known} reports decided as known content from a hash bank (no one viewed them), {grouped} decided with their group.</source>
        <translation>줄어든 노출: 해시 목록의 알려진 콘텐츠로 결정된 신고 {known}건(아무도 열람하지 않음), 그룹과 함께 결정된 신고 {grouped}건.</translation>
    </message>
    <message>
        <source>Exposure saved: {known} reports decided as known content from a hash bank (no one viewed them), {grouped} decided with their group; about {minutes} min of viewing at the median time on an item.</source>
        <translation>줄어든 노출: 해시 목록의 알려진 콘텐츠로 결정된 신고 {known}건(아무도 열람하지 않음), 그룹과 함께 결정된 신고 {grouped}건. 항목당 검토 시간 중앙값으로 환산하면 약 {minutes}분의 열람이 줄었습니다.</translation>
    </message>
    <message>
        <source>queue</source>
        <translation>대기열</translation>
    </message>
    <message>
        <source>category</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>host</source>
        <translation>호스트</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours}시간</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days}일</translation>
    </message>
    <message>
        <source>The QA dashboard is for supervisors. Your role is {role}.</source>
        <translation>품질 관리 대시보드는 관리자만 볼 수 있습니다. 현재 역할: {role}.</translation>
    </message>
    <message>
        <source>Stopped (check-in)</source>
        <translation>중단(상태 확인)</translation>
    </message>
    <message>
        <source>Break compliance</source>
        <translation>휴식 준수 현황</translation>
    </message>
    <message>
        <source>1 reviewer · {minutes} revealed minutes · {due} breaks due, {skipped} skipped · updated {time}. Figures only; no content is shown.</source>
        <translation>검토자 1명 · 흐림 해제 {minutes}분 · 예정 휴식 {due}회, 건너뜀 {skipped}회 · {time} 갱신. 수치만 표시하며 콘텐츠는 표시하지 않습니다.</translation>
    </message>
    <message>
        <source>{people} reviewers · {minutes} revealed minutes · {due} breaks due, {skipped} skipped · updated {time}. Figures only; no content is shown.</source>
        <translation>검토자 {people}명 · 흐림 해제 {minutes}분 · 예정 휴식 {due}회, 건너뜀 {skipped}회 · {time} 갱신. 수치만 표시하며 콘텐츠는 표시하지 않습니다.</translation>
    </message>
    <message>
        <source>Could not load the figures: {problem}</source>
        <translation>수치를 불러올 수 없습니다: {problem}</translation>
    </message>
    <message>
        <source>Team exposure is for supervisors. Your role is {role}.</source>
        <translation>팀 노출 현황은 관리자만 볼 수 있습니다. 현재 역할: {role}.</translation>
    </message>
    <message>
        <source>All reviewers</source>
        <translation>모든 검토자</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>유효</translation>
    </message>
    <message>
        <source>expiring</source>
        <translation>만료 임박</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>만료</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>미이수</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>대체됨</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>교육 과정</translation>
    </message>
    <message>
        <source>Record added for {who}.</source>
        <translation>{who} 님의 이수 기록을 추가했습니다.</translation>
    </message>
    <message>
        <source>Record saved.</source>
        <translation>이수 기록을 저장했습니다.</translation>
    </message>
    <message>
        <source>Course {code} saved.</source>
        <translation>교육 과정 {code}을(를) 저장했습니다.</translation>
    </message>
    <message>
        <source>Select a record to delete (a missing course has none).</source>
        <translation>삭제할 이수 기록을 선택하십시오(미이수 과정에는 기록이 없습니다).</translation>
    </message>
    <message>
        <source>{who}&apos;s {course} record completed {day}</source>
        <translation>{who} 님의 {course} 이수 기록({day} 이수)</translation>
    </message>
    <message>
        <source>Delete {what}? This is recorded in the audit log.</source>
        <translation>{what}을(를) 삭제하시겠습니까? 이 작업은 감사 기록에 남습니다.</translation>
    </message>
    <message>
        <source>Deleted {what}.</source>
        <translation>{what}을(를) 삭제했습니다.</translation>
    </message>
    <message>
        <source>Select a course to delete.</source>
        <translation>삭제할 교육 과정을 선택하십시오.</translation>
    </message>
    <message>
        <source>Delete the course {code}? This is recorded in the audit log.</source>
        <translation>교육 과정 {code}을(를) 삭제하시겠습니까? 이 작업은 감사 기록에 남습니다.</translation>
    </message>
    <message>
        <source>Import training CSV</source>
        <translation>교육 이수 CSV 가져오기</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 파일 (*.csv);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Gold items and QA settings</source>
        <translation>기준 항목 및 품질 관리 설정</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>No</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>No answers</source>
        <translation>답변 없음</translation>
    </message>
    <message>
        <source>Notes: {notes}</source>
        <translation>메모: {notes}</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>신고</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>대기열</translation>
    </message>
    <message>
        <source>First review</source>
        <translation>1차 검토</translation>
    </message>
    <message>
        <source>Second decided</source>
        <translation>2차 결정일</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>최종 결과</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>Show adjudicated</source>
        <translation>판정 조정 완료 건 표시</translation>
    </message>
    <message>
        <source>Select a disagreement</source>
        <translation>의견이 엇갈린 신고를 선택하십시오</translation>
    </message>
    <message>
        <source>Choose the final outcome</source>
        <translation>최종 처리 결과를 선택하십시오</translation>
    </message>
    <message>
        <source>Why this outcome (required; kept with the adjudication)</source>
        <translation>이 결과를 선택한 이유(필수, 판정 조정 기록과 함께 보관됩니다)</translation>
    </message>
    <message>
        <source>Record adjudication</source>
        <translation>판정 조정 기록</translation>
    </message>
    <message>
        <source>Second reviews that disagree</source>
        <translation>결과가 엇갈린 2차 검토</translation>
    </message>
    <message>
        <source>Final outcome</source>
        <translation>최종 처리 결과</translation>
    </message>
    <message>
        <source>Nothing to adjudicate.</source>
        <translation>판정 조정할 신고가 없습니다.</translation>
    </message>
    <message>
        <source>Report {ref} · {queue}</source>
        <translation>신고 {ref} · {queue}</translation>
    </message>
    <message>
        <source>Policy: {title}</source>
        <translation>정책: {title}</translation>
    </message>
    <message>
        <source>Adjudicated by {who}</source>
        <translation>판정 조정자: {who}</translation>
    </message>
    <message>
        <source>You decided this report (first review): another supervisor adjudicates it.</source>
        <translation>이 신고의 1차 검토를 직접 결정하셨으므로 다른 관리자가 판정 조정해야 합니다.</translation>
    </message>
    <message>
        <source>You decided this report (second review): another supervisor adjudicates it.</source>
        <translation>이 신고의 2차 검토를 직접 결정하셨으므로 다른 관리자가 판정 조정해야 합니다.</translation>
    </message>
    <message>
        <source>Choose the final outcome and say why.</source>
        <translation>최종 처리 결과를 선택하고 이유를 입력하십시오.</translation>
    </message>
    <message>
        <source>Recording…</source>
        <translation>기록하는 중…</translation>
    </message>
    <message>
        <source>Recorded for report {ref}.</source>
        <translation>신고 {ref}의 판정 조정을 기록했습니다.</translation>
    </message>
    <message>
        <source>Could not do that: {problem}</source>
        <translation>처리할 수 없습니다: {problem}</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>처리 결과</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>결정자</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>결정일</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>기준</translation>
    </message>
    <message>
        <source>gold</source>
        <translation>기준</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>기대 결과</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>배정 횟수</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>정답</translation>
    </message>
    <message>
        <source>Marked by</source>
        <translation>지정자</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>{correct} of {answered}</source>
        <translation>{answered}회 중 {correct}회</translation>
    </message>
    <message>
        <source>retired {day}</source>
        <translation>{day} 사용 중지</translation>
    </message>
    <message>
        <source>serving</source>
        <translation>사용 중</translation>
    </message>
    <message>
        <source>Why this outcome (supervisors only)</source>
        <translation>이 결과인 이유(관리자만 볼 수 있음)</translation>
    </message>
    <message>
        <source>Mark as gold</source>
        <translation>기준 항목으로 지정</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>사용 중지</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Decided reports: mark one whose outcome you vouch for</source>
        <translation>결정된 신고: 결과를 보증할 수 있는 신고를 기준 항목으로 지정하십시오</translation>
    </message>
    <message>
        <source>Expected outcome</source>
        <translation>기대 처리 결과</translation>
    </message>
    <message>
        <source>Decided reports</source>
        <translation>결정된 신고</translation>
    </message>
    <message>
        <source>Gold rate</source>
        <translation>기준 항목 비율</translation>
    </message>
    <message>
        <source>Report {ref} is now a gold item.</source>
        <translation>신고 {ref}을(를) 기준 항목으로 지정했습니다.</translation>
    </message>
    <message>
        <source>Gold item {ref} retired.</source>
        <translation>기준 항목 {ref}의 사용을 중지했습니다.</translation>
    </message>
    <message>
        <source>QA settings of {queue} saved.</source>
        <translation>{queue} 대기열의 품질 관리 설정을 저장했습니다.</translation>
    </message>
    <message>
        <source>Second review</source>
        <translation>2차 검토</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>이수일</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>만료일</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>증빙</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Valid for</source>
        <translation>유효 기간</translation>
    </message>
    <message>
        <source>Needed by queues</source>
        <translation>필요한 대기열</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days}일</translation>
    </message>
    <message>
        <source>Add record…</source>
        <translation>기록 추가…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>편집…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>CSV 가져오기…</translation>
    </message>
    <message>
        <source>Add course…</source>
        <translation>교육 과정 추가…</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>이수 기록</translation>
    </message>
    <message>
        <source>Courses</source>
        <translation>교육 과정</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>저장하는 중…</translation>
    </message>
    <message>
        <source>Not saved: {problem}</source>
        <translation>저장되지 않았습니다: {problem}</translation>
    </message>
    <message>
        <source>Queue {name} added.</source>
        <translation>대기열 {name}을(를) 추가했습니다.</translation>
    </message>
    <message>
        <source>Queue {name} saved.</source>
        <translation>대기열 {name}을(를) 저장했습니다.</translation>
    </message>
    <message>
        <source>Select a queue to archive.</source>
        <translation>보관 처리할 대기열을 선택하십시오.</translation>
    </message>
    <message>
        <source>Archive the queue {name}? It takes no new reports from now on (it is kept with its reports and decisions). This is recorded in the audit log.</source>
        <translation>대기열 {name}을(를) 보관 처리하시겠습니까? 이후 새 신고를 받지 않습니다(대기열은 신고 및 결정과 함께 보존됩니다). 이 작업은 감사 기록에 남습니다.</translation>
    </message>
    <message>
        <source>Queue {name} archived.</source>
        <translation>대기열 {name}을(를) 보관 처리했습니다.</translation>
    </message>
    <message>
        <source>{name} added.</source>
        <translation>{name} 님을 추가했습니다.</translation>
    </message>
    <message>
        <source>{name} saved.</source>
        <translation>{name} 님의 정보를 저장했습니다.</translation>
    </message>
    <message>
        <source>Select a person first.</source>
        <translation>먼저 인원을 선택하십시오.</translation>
    </message>
    <message>
        <source>Deactivate {name}? From now on they can neither sign in nor claim a report. This is recorded in the audit log.</source>
        <translation>{name} 님을 비활성화하시겠습니까? 이후 로그인하거나 신고를 할당받을 수 없습니다. 이 작업은 감사 기록에 남습니다.</translation>
    </message>
    <message>
        <source>{name} reactivated.</source>
        <translation>{name} 님을 다시 활성화했습니다.</translation>
    </message>
    <message>
        <source>{name} deactivated.</source>
        <translation>{name} 님을 비활성화했습니다.</translation>
    </message>
    <message>
        <source>Issuing a code for {name}…</source>
        <translation>{name} 님의 등록 코드를 발급하는 중…</translation>
    </message>
    <message>
        <source>That code was shown already: issue another.</source>
        <translation>이 코드는 이미 표시되었습니다. 새 코드를 발급하세요.</translation>
    </message>
    <message>
        <source>An enrollment code for {name} was issued.</source>
        <translation>{name} 님의 등록 코드를 발급했습니다.</translation>
    </message>
    <message>
        <source>Enrollment code</source>
        <translation>등록 코드</translation>
    </message>
    <message>
        <source>The one-time enrollment code for {name}:

{code}

It is shown only now and works once, until {expires}. Give it to {name} in person or by a trusted channel; they enter it when adding their team profile.</source>
        <translation>{name} 님의 일회용 등록 코드:

{code}

이 코드는 지금 한 번만 표시되며 {expires}까지 한 번만 사용할 수 있습니다. {name} 님에게 직접 또는 신뢰할 수 있는 경로로 전달하세요. 받는 사람은 팀 프로필을 추가할 때 이 코드를 입력합니다.</translation>
    </message>
    <message>
        <source>Revoke every workstation of {name}? Their tokens stop working at once, and each of their desks must enroll again with a new code. This is recorded in the audit log.</source>
        <translation>{name} 님의 모든 워크스테이션 권한을 취소하시겠습니까? 토큰은 즉시 사용할 수 없게 되며, 각 워크스테이션은 새 코드로 다시 등록해야 합니다. 이 작업은 감사 기록에 남습니다.</translation>
    </message>
    <message>
        <source>{name}: {count} workstations revoked.</source>
        <translation>{name} 님: 워크스테이션 {count}대의 권한을 취소했습니다.</translation>
    </message>
    <message>
        <source>Importing {name}…</source>
        <translation>{name}을(를) 가져오는 중…</translation>
    </message>
    <message>
        <source>Import a policy</source>
        <translation>정책 가져오기</translation>
    </message>
    <message>
        <source>Policy files (*.toml);;All files (*)</source>
        <translation>정책 파일 (*.toml);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Wrote {name}.</source>
        <translation>{name}을(를) 저장했습니다.</translation>
    </message>
    <message>
        <source>Select a policy version to export.</source>
        <translation>내보낼 정책 버전을 선택하십시오.</translation>
    </message>
    <message>
        <source>Export the policy</source>
        <translation>정책 내보내기</translation>
    </message>
    <message>
        <source>Policy (*.toml)</source>
        <translation>정책 (*.toml)</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>설정을 저장했습니다.</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>관리</translation>
    </message>
    <message>
        <source>The Admin window is for supervisors: ask one to change queues, people, policies or settings. Your role is {role}.</source>
        <translation>관리 창은 관리자만 사용할 수 있습니다. 대기열, 인원, 정책 또는 설정을 변경하려면 관리자에게 요청하십시오. 현재 역할: {role}.</translation>
    </message>
    <message>
        <source>{kind} by {actor}</source>
        <translation>{kind} · 수행자 {actor}</translation>
    </message>
    <message>
        <source>at {time} (local time)</source>
        <translation>시각 {time}(현지 시각)</translation>
    </message>
    <message>
        <source>event {uid}</source>
        <translation>이벤트 {uid}</translation>
    </message>
    <message>
        <source>workstation {name}, seq {seq}</source>
        <translation>워크스테이션 {name}, 순번 {seq}</translation>
    </message>
    <message>
        <source>DECISION</source>
        <translation>결정</translation>
    </message>
    <message>
        <source>  outcome   {outcome}</source>
        <translation>  처리 결과  {outcome}</translation>
    </message>
    <message>
        <source>  policy    {id} (version {version})</source>
        <translation>  정책       {id}(버전 {version})</translation>
    </message>
    <message>
        <source>  reviewer  {who}, round {round}</source>
        <translation>  검토자     {who}, {round}차</translation>
    </message>
    <message>
        <source>  on item   {seconds} s, unblurred {exposed} s</source>
        <translation>  검토 시간  {seconds}초, 흐림 해제 {exposed}초</translation>
    </message>
    <message>
        <source>  viewed    by no one: known content, decided from a hash bank</source>
        <translation>  열람       없음: 알려진 콘텐츠로 해시 목록에 따라 결정됨</translation>
    </message>
    <message>
        <source>CHECKLIST (as worded in version {version})</source>
        <translation>체크리스트(버전 {version}의 문구)</translation>
    </message>
    <message>
        <source>CHECKLIST ANSWERS</source>
        <translation>체크리스트 답변</translation>
    </message>
    <message>
        <source>NOTES</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>(the decision row has not reached the central store)</source>
        <translation>(결정 기록이 아직 중앙 저장소에 도착하지 않았습니다)</translation>
    </message>
    <message>
        <source>REVEAL  {seconds} s unblurred</source>
        <translation>흐림 해제  {seconds}초</translation>
    </message>
    <message>
        <source>REPORT&apos;S EVENTS ({count} shown, more exist; unblurred in total {seconds} s)</source>
        <translation>이 신고의 이벤트({count}건 표시, 더 있음; 흐림 해제 합계 {seconds}초)</translation>
    </message>
    <message>
        <source>REPORT&apos;S EVENTS ({count}; unblurred in total {seconds} s)</source>
        <translation>이 신고의 이벤트({count}건; 흐림 해제 합계 {seconds}초)</translation>
    </message>
    <message>
        <source>PAYLOAD</source>
        <translation>원본 데이터</translation>
    </message>
    <message>
        <source>seq {seq}</source>
        <translation>순번 {seq}</translation>
    </message>
    <message>
        <source>not signed yet</source>
        <translation>아직 서명되지 않음</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>검증됨</translation>
    </message>
    <message>
        <source>any</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>any reviewer</source>
        <translation>모든 검토자</translation>
    </message>
    <message>
        <source>reference, e.g. NC-101</source>
        <translation>신고 번호(예: NC-101)</translation>
    </message>
    <message>
        <source>any event</source>
        <translation>모든 이벤트</translation>
    </message>
    <message>
        <source>any outcome</source>
        <translation>모든 처리 결과</translation>
    </message>
    <message>
        <source>any policy</source>
        <translation>모든 정책</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>적용</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>From</source>
        <translation>시작일</translation>
    </message>
    <message>
        <source>To</source>
        <translation>종료일</translation>
    </message>
    <message>
        <source>Event details</source>
        <translation>이벤트 세부 정보</translation>
    </message>
    <message>
        <source>Chain verification</source>
        <translation>기록 체인 검증</translation>
    </message>
    <message>
        <source>Verify now</source>
        <translation>지금 검증</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>이벤트 수</translation>
    </message>
    <message>
        <source>Signed up to</source>
        <translation>서명된 범위</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV로 내보내기…</translation>
    </message>
    <message>
        <source>Export JSONL…</source>
        <translation>JSONL로 내보내기…</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>내보내기 취소</translation>
    </message>
    <message>
        <source>Exporting… {done} of {total}</source>
        <translation>내보내는 중… {total}건 중 {done}건</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>내보내는 중…</translation>
    </message>
    <message>
        <source>Hold to reveal (Space)</source>
        <translation>누르고 있으면 흐림 해제(Space)</translation>
    </message>
    <message>
        <source>Loading the media…</source>
        <translation>미디어를 불러오는 중…</translation>
    </message>
    <message>
        <source>The media cannot be shown in this window</source>
        <translation>이 창에서는 미디어를 표시할 수 없습니다</translation>
    </message>
    <message>
        <source>remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>block</source>
        <translation>접속 차단</translation>
    </message>
    <message>
        <source>notify host</source>
        <translation>호스팅 사업자에 통지</translation>
    </message>
    <message>
        <source>report hotline</source>
        <translation>신고 기관에 신고</translation>
    </message>
    <message>
        <source>report law enforcement</source>
        <translation>수사기관에 신고</translation>
    </message>
    <message>
        <source>due</source>
        <translation>처리 예정</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>발송됨</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>확인됨</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>호스팅 사업자</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>조치</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>기한</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>후속 확인</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>경고</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>접수</translation>
    </message>
    <message>
        <source>Due before</source>
        <translation>통지 기한</translation>
    </message>
    <message>
        <source>Countdown</source>
        <translation>남은 시간</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>{time} 남음</translation>
    </message>
    <message>
        <source>overdue by {time}</source>
        <translation>{time} 초과</translation>
    </message>
    <message>
        <source>Actions and notices to reporters</source>
        <translation>조치 및 신고인 통지</translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation>기한 초과</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>기한 초과만</translation>
    </message>
    <message>
        <source>Evidence: a ticket number, the host&apos;s reply, a URL</source>
        <translation>증빙: 접수 번호, 호스팅 사업자의 회신, URL</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>발송함</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>확인됨</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>The notice exactly as the reporter received it</source>
        <translation>신고인이 받은 통지 내용 그대로</translation>
    </message>
    <message>
        <source>Record notice sent</source>
        <translation>통지 발송 기록</translation>
    </message>
    <message>
        <source>Actions final decisions call for; overdue first</source>
        <translation>최종 결정에 따른 조치(기한 초과 건 우선)</translation>
    </message>
    <message>
        <source>Notices owed to reporters, soonest deadline first</source>
        <translation>신고인에게 보내야 할 통지(기한이 가까운 순)</translation>
    </message>
    <message>
        <source>Notices to reporters</source>
        <translation>신고인 통지</translation>
    </message>
    <message>
        <source>{open} open action(s), {late} overdue; {owed} notice(s) owed, {owed_late} overdue</source>
        <translation>미완료 조치 {open}건(기한 초과 {late}건), 보내야 할 통지 {owed}건(기한 초과 {owed_late}건)</translation>
    </message>
    <message>
        <source>Choose an action first.</source>
        <translation>먼저 조치를 선택하십시오.</translation>
    </message>
    <message>
        <source>Action {id} is {state}.</source>
        <translation>조치 {id}: {state}.</translation>
    </message>
    <message>
        <source>Choose a report first.</source>
        <translation>먼저 신고를 선택하십시오.</translation>
    </message>
    <message>
        <source>Notice for {ref} recorded.</source>
        <translation>신고 {ref}의 통지를 기록했습니다.</translation>
    </message>
    <message>
        <source>Edit course</source>
        <translation>교육 과정 편집</translation>
    </message>
    <message>
        <source>Add course</source>
        <translation>교육 과정 추가</translation>
    </message>
    <message>
        <source>…and categories</source>
        <translation>…및 신고 유형</translation>
    </message>
    <message>
        <source>Give the course a code, e.g. CSAM-CERT.</source>
        <translation>교육 과정 코드를 입력하십시오(예: CSAM-CERT).</translation>
    </message>
    <message>
        <source>Give the course a title.</source>
        <translation>교육 과정 이름을 입력하십시오.</translation>
    </message>
    <message>
        <source>Edit training record</source>
        <translation>이수 기록 편집</translation>
    </message>
    <message>
        <source>Add training record</source>
        <translation>이수 기록 추가</translation>
    </message>
    <message>
        <source>certificate number, attendance list, …</source>
        <translation>수료증 번호, 출석부 등</translation>
    </message>
    <message>
        <source>Completed on</source>
        <translation>이수일</translation>
    </message>
    <message>
        <source>Expires on</source>
        <translation>만료일</translation>
    </message>
    <message>
        <source>Choose a reviewer and a course.</source>
        <translation>검토자와 교육 과정을 선택하십시오.</translation>
    </message>
    <message>
        <source>The expiry must be after the completion.</source>
        <translation>만료일은 이수일 이후여야 합니다.</translation>
    </message>
    <message>
        <source>The completion cannot be in the future.</source>
        <translation>이수일은 미래일 수 없습니다.</translation>
    </message>
    <message>
        <source>Imported {file}</source>
        <translation>{file} 가져오기 결과</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>줄</translation>
    </message>
    <message>
        <source>Why it was not imported</source>
        <translation>가져오지 못한 이유</translation>
    </message>
</context>
<context>
    <name>wellbeing</name>
    <message>
        <source>Why skip this break? (kept in the audit log)</source>
        <translation>휴식을 건너뛰는 이유는 무엇입니까? (감사 기록에 남습니다)</translation>
    </message>
    <message>
        <source>Skip the break</source>
        <translation>휴식 건너뛰기</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>A break after a stretch of work. Your open reports went back to the queue; your answers are kept. Step away from the screen if you can.</source>
        <translation>한동안 작업하셨으니 휴식하실 시간입니다. 열려 있던 신고는 대기열로 돌아갔고, 입력하신 답변은 보관됩니다. 가능하면 화면에서 잠시 떨어져 계십시오.</translation>
    </message>
    <message>
        <source>A break after a stretch of time with revealed material. Your open reports went back to the queue; your answers are kept. Step away from the screen if you can.</source>
        <translation>흐림 해제된 자료를 한동안 보셨으니 휴식하실 시간입니다. 열려 있던 신고는 대기열로 돌아갔고, 입력하신 답변은 보관됩니다. 가능하면 화면에서 잠시 떨어져 계십시오.</translation>
    </message>
    <message>
        <source>This break cannot be skipped.</source>
        <translation>이 휴식은 건너뛸 수 없습니다.</translation>
    </message>
    <message>
        <source>Time for a break</source>
        <translation>휴식 시간입니다</translation>
    </message>
    <message>
        <source>Your break is over</source>
        <translation>휴식이 끝났습니다</translation>
    </message>
    <message>
        <source>Continue when you are ready.</source>
        <translation>준비되면 계속하십시오.</translation>
    </message>
    <message>
        <source>Locked after {minutes} minutes without activity. Your open reports went back to the queue; your answers are kept.</source>
        <translation>{minutes}분 동안 활동이 없어 잠겼습니다. 열려 있던 신고는 대기열로 돌아갔고, 입력하신 답변은 보관됩니다.</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>잠김</translation>
    </message>
    <message>
        <source>You chose to stop. Your session has ended and your open reports went back to the queue. Your supervisor can see that you stopped; nothing more is asked of you today. Please take care of yourself, and talk to someone if it helps.</source>
        <translation>작업 중단을 선택하셨습니다. 세션이 끝났고 열려 있던 신고는 대기열로 돌아갔습니다. 관리자는 중단하셨다는 사실을 확인할 수 있으며, 오늘은 더 이상 요청드리는 일이 없습니다. 스스로를 잘 돌보시고, 도움이 된다면 누군가와 이야기를 나누십시오.</translation>
    </message>
    <message>
        <source>Support: {support}</source>
        <translation>지원: {support}</translation>
    </message>
    <message>
        <source>You have stopped for today</source>
        <translation>오늘 작업을 중단하셨습니다</translation>
    </message>
    <message>
        <source>Please say why (one line is enough)</source>
        <translation>이유를 입력해 주십시오(한 줄이면 충분합니다)</translation>
    </message>
    <message>
        <source>1 · Not OK</source>
        <translation>1 · 좋지 않음</translation>
    </message>
    <message>
        <source>3 · So-so</source>
        <translation>3 · 보통</translation>
    </message>
    <message>
        <source>5 · Fine</source>
        <translation>5 · 괜찮음</translation>
    </message>
    <message>
        <source>decided</source>
        <translation>결정하셨습니다</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>건너뛰셨습니다</translation>
    </message>
    <message>
        <source>escalated</source>
        <translation>이관하셨습니다</translation>
    </message>
    <message>
        <source>left</source>
        <translation>닫으셨습니다</translation>
    </message>
    <message>
        <source>You just saw media of a report triaged as {severity}, unblurred or at a recognisable blur, for {seconds} s, and {done} it. A quick check-in, for you: press 1 to 5, or choose to stop for today. Only your answer is kept.</source>
        <translation>방금 심각도가 ‘{severity}’(으)로 분류된 신고의 미디어를 흐림 해제 상태 또는 알아볼 수 있는 흐림 단계로 {seconds}초 동안 보셨고, 그 신고를 {done}. 본인을 위한 짧은 상태 확인입니다: 1~5를 누르시거나 오늘 작업 중단을 선택하십시오. 답변만 기록됩니다.</translation>
    </message>
    <message>
        <source>I need to stop</source>
        <translation>작업을 중단하고 싶습니다</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>돌아가기</translation>
    </message>
    <message>
        <source>Yes, stop for today</source>
        <translation>네, 오늘은 중단합니다</translation>
    </message>
    <message>
        <source>How are you doing?</source>
        <translation>지금 상태는 어떠십니까?</translation>
    </message>
    <message>
        <source>Stop for today?</source>
        <translation>오늘 작업을 중단하시겠습니까?</translation>
    </message>
    <message>
        <source>You will get no more reports today; the ones you hold go back to the queue and your supervisor sees that you stopped. Nothing more is asked of you.</source>
        <translation>오늘은 더 이상 신고가 배정되지 않습니다. 맡고 계신 신고는 대기열로 돌아가며, 관리자는 중단하셨다는 사실을 확인할 수 있습니다. 더 이상 요청드리는 일은 없습니다.</translation>
    </message>
    <message>
        <source>Today&apos;s exposure cap is reached: finish this report; after it, only reports without images or video</source>
        <translation>오늘의 노출 한도에 도달했습니다: 이 신고를 마친 뒤에는 이미지나 동영상이 없는 신고만 배정됩니다</translation>
    </message>
    <message>
        <source>Exposure today {time}</source>
        <translation>오늘 노출 {time}</translation>
    </message>
    <message>
        <source>next break in {time} (or after {more} more revealed)</source>
        <translation>다음 휴식까지 {time}(또는 흐림 해제 {more} 추가 후)</translation>
    </message>
    <message>
        <source>next break in {time}</source>
        <translation>다음 휴식까지 {time}</translation>
    </message>
    <message>
        <source>on a break</source>
        <translation>휴식 중</translation>
    </message>
    <message>
        <source>cap reached: non-visual work only</source>
        <translation>한도 도달: 시각 자료 없는 작업만</translation>
    </message>
</context>
</TS>
