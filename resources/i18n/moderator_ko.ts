<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko">
<context>
    <name>app</name>
    <message>
        <source>Opening the workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the team server {server}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace could not be opened:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workspace is new: set it up to begin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting up the workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace was not set up. Run `moderator setup`, or open it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moderator · choose a profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>team server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shared queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which profile do you want to work in?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up this workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workspace is new. Set up your organisation: you become its first supervisor, and can then add queues and people (Tools → Admin).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone (reports, day boundaries, deadlines)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Support contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policies to start from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wellbeing profile of new queues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give your organisation&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the organisation&apos;s time zone, e.g. Asia/Seoul.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>common</name>
    <message>
        <source>nothing in this period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>undefined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same file (SHA-256)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same picture (PDQ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revealed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region reveal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revealed · low blur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{tag} · re-blurs in {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team exposure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QA dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adjudication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gold items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin: queues, people, policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>review</name>
    <message>
        <source>Reveal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reveal while held (re-blurs on release)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region reveal: a circle under the pointer (toggle)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timed reveal: re-blurs by itself after a few seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grayscale on / off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More blur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Less blur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next media item of the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous media item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video: next keyframe (blurred)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video: previous keyframe; back to the contact sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer the current checklist item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next checklist item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous checklist item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write in the current text field or the notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave a text field; end a reveal; close this help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit the decision (when the form is valid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the last decision during its grace period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalate to a supervisor (asks for a reason)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip: give the report back and move on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next: check the queue now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the reporter&apos;s text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide this help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes (F2 to write, Esc to leave)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy {id}, version {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A note is required (F2 to write)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot submit yet: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: {ref} went back to the queue (its lease ran out). Your answers are kept and come back if you get it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your decision was not saved; your answers are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision undone: the report is back, with your answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too late to undo: that decision is final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{ref} escalated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not escalated:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due in {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overdue by {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report {ref}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{priority} of 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the reporter&apos;s text (I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the reporter&apos;s text (I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No reporter&apos;s text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F1 or Esc closes this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{ref} went back to the queue (its lease ran out). Your answers are kept and come back if you get it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{problem} Retrying every {seconds} s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The media file is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The media file is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The media could not be decoded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The media file has changed since it was reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The media is too large to preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The media took too long to decode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This kind of media cannot be shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This media cannot be shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>media unreviewable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If you cannot decide without it, choose “{outcome}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync: checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{waiting} · offline since {since}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline since {since}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync paused: the central store needs a supervisor&apos;s attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} saved here, waiting to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n event(s) waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync failed; events are kept here and will be sent later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some queues are closed to you until your training is up to date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your training does not cover any queue right now, so nothing can be claimed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training: {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No media is attached to this report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preview failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Media {position} of {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video: contact sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video: frame at {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blur {level} of 6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grayscale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blur {level} is the lightest this queue allows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as {who} · profile {profile}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the queue…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the next report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to review right now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The queue is checked again every {seconds} s, quietly. Press N to check now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No reports waiting for you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why you escalate (one line is enough)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: {ref} · {outcome}. Undo with Ctrl+Z ({left} s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: {ref} · {outcome} · waiting to send. Undo with Ctrl+Z ({left} s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} · {count} waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing: saving decisions and giving reports back…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why escalate? Enter sends it, Esc cancels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold Space to reveal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region (R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timed (T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grayscale (G)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More blur ]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Less blur [</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys (F1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip (S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalate (E)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wellbeing</name>
    <message>
        <source>Why skip this break? (kept in the audit log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip the break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A break after a stretch of work. Your open reports went back to the queue; your answers are kept. Step away from the screen if you can.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A break after a stretch of time with revealed material. Your open reports went back to the queue; your answers are kept. Step away from the screen if you can.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This break cannot be skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time for a break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your break is over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue when you are ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked after {minutes} minutes without activity. Your open reports went back to the queue; your answers are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You chose to stop. Your session has ended and your open reports went back to the queue. Your supervisor can see that you stopped; nothing more is asked of you today. Please take care of yourself, and talk to someone if it helps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Support: {support}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have stopped for today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please say why (one line is enough)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 · Not OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3 · So-so</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5 · Fine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>escalated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minimal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>moderate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>severe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You just saw media of a report triaged as {severity}, unblurred or at a recognisable blur, for {seconds} s, and {done} it. A quick check-in, for you: press 1 to 5, or choose to stop for today. Only your answer is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I need to stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes, stop for today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How are you doing?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop for today?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You will get no more reports today; the ones you hold go back to the queue and your supervisor sees that you stopped. Nothing more is asked of you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s exposure cap is reached: finish this report; after it, only reports without images or video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exposure today {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next break in {time} (or after {more} more revealed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next break in {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on a break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cap reached: non-visual work only</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
