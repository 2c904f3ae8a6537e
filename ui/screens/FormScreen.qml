import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// A request (issue 17): choose the form (for the found case), one question per step with the
// keyboard, keypad or buttons it needs, a review page with "change" per answer, submit, and the
// dated receipt. Everything typed is in the view model's memory until the outbox has it.
Rectangle {
    id: screen
    required property QtObject flowVm
    required property QtObject formVm
    readonly property QtObject vm: formVm
    readonly property string type: vm.fieldType
    readonly property bool typing: vm.state === "step"
                                   && (type === "text" || type === "latin_text")
    readonly property bool keying: vm.state === "step" && (type === "date" || type === "number")

    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TopBar {
            Layout.fillWidth: true
            title: screen.flowVm.officeName
            flowVm: screen.flowVm
            onHome: screen.flowVm.home()
            onBack: screen.vm.back()
        }

        Flickable {
            id: flick
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: body.implicitHeight + 2 * Theme.margin
            boundsBehavior: Flickable.StopAtBounds

            ColumnLayout {
                id: body
                width: Math.min(flick.width - 2 * Theme.margin, 1300 * Theme.scale)
                x: (flick.width - width) / 2
                y: Theme.margin / 2
                spacing: Theme.spacing

                BodyText {
                    objectName: "form_title"
                    Layout.fillWidth: true
                    text: screen.vm.state === "choose" ? qsTr("What would you like to request?")
                        : screen.vm.state === "done" ? qsTr("Your request was received")
                        : screen.vm.formTitle
                    font.pixelSize: Theme.title
                    font.weight: Font.Bold
                }

                // --- choose ------------------------------------------------------------------
                Repeater {
                    model: screen.vm.state === "choose" ? screen.vm.formChoices : []
                    delegate: ChoiceTile {
                        required property var modelData
                        objectName: "form_choice_" + modelData.id
                        Layout.fillWidth: true
                        label: modelData.title
                        onChosen: screen.vm.chooseForm(modelData.id)
                    }
                }

                // --- one question ------------------------------------------------------------
                BodyText {
                    objectName: "form_step"
                    visible: screen.vm.state === "step"
                    Layout.fillWidth: true
                    text: screen.vm.stepText + " · " + screen.vm.sectionTitle
                    color: Theme.textMuted
                    font.pixelSize: Theme.small
                }
                BodyText {
                    objectName: "form_label"
                    visible: screen.vm.state === "step"
                    Layout.fillWidth: true
                    text: screen.vm.label
                    font.pixelSize: Theme.heading
                    font.weight: Font.DemiBold
                }
                BodyText {
                    objectName: "form_help"
                    visible: screen.vm.state === "step" && screen.vm.help !== ""
                    Layout.fillWidth: true
                    text: screen.vm.help
                    color: Theme.textMuted
                }
                BodyText {
                    objectName: "form_optional"
                    visible: screen.vm.state === "step" && screen.vm.optional
                             && screen.type !== "yes_no"
                    Layout.fillWidth: true
                    text: qsTr("You may leave this empty.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.small
                }

                RowLayout {
                    visible: screen.vm.state === "step" && screen.type === "yes_no"
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    BigButton {
                        objectName: "form_yes"
                        Layout.fillWidth: true
                        Layout.preferredWidth: 10
                        checkable: true
                        checked: screen.vm.yesNoValue === "yes"
                        text: qsTr("Yes")
                        onClicked: screen.vm.answerYesNo(true)
                    }
                    BigButton {
                        objectName: "form_no"
                        Layout.fillWidth: true
                        Layout.preferredWidth: 10
                        checkable: true
                        checked: screen.vm.yesNoValue === "no"
                        text: qsTr("No")
                        onClicked: screen.vm.answerYesNo(false)
                    }
                }

                Repeater {
                    model: screen.vm.state === "step" ? screen.vm.choices : []
                    delegate: BigButton {
                        required property var modelData
                        objectName: "form_code_" + modelData.code
                        Layout.fillWidth: true
                        checkable: true
                        checked: modelData.selected
                        pixelSize: Theme.body
                        text: modelData.label
                        onClicked: screen.vm.chooseCode(modelData.code)
                    }
                }

                // What is typed: free text in its own direction, names and dates left to right.
                Rectangle {
                    visible: screen.typing || screen.keying
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.max(Theme.buttonHeight,
                                                     draftText.implicitHeight + Theme.spacing)
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: screen.vm.error !== "" ? Theme.errorText : Theme.focus
                    border.width: 3
                    Text {
                        id: draftText
                        objectName: "form_draft"
                        anchors.fill: parent
                        anchors.margins: Math.round(Theme.spacing / 2)
                        verticalAlignment: Text.AlignVCenter
                        LayoutMirroring.enabled: screen.type === "text" && screen.vm.rightToLeft
                        horizontalAlignment: screen.type === "text" ? Text.AlignLeft
                                                                    : Text.AlignLeft
                        text: screen.vm.draft + (screen.typing ? "|" : "")
                        textFormat: Text.PlainText
                        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                        color: Theme.text
                        font.family: screen.keying ? "DejaVu Sans Mono" : Theme.fontFamily
                        font.pixelSize: Theme.heading
                    }
                }
                BodyText {
                    objectName: "form_date_hint"
                    visible: screen.keying && screen.type === "date"
                    Layout.fillWidth: true
                    text: qsTr("Day, month, year: for example 31 05 2030")
                    color: Theme.textMuted
                    font.pixelSize: Theme.small
                }

                BodyText {
                    objectName: "form_error"
                    visible: screen.vm.error !== ""
                    Layout.fillWidth: true
                    text: screen.vm.error
                    color: Theme.errorText
                    font.weight: Font.Bold
                }

                BigButton {
                    objectName: "form_next"
                    visible: screen.vm.state === "step" && screen.type !== "yes_no"
                             && screen.type !== "choice"
                    Layout.fillWidth: true
                    primary: true
                    text: qsTr("Next")
                    onClicked: screen.vm.next()
                }

                // --- review ------------------------------------------------------------------
                BodyText {
                    visible: screen.vm.state === "review"
                    Layout.fillWidth: true
                    text: qsTr("Please check your answers. Nothing has been sent yet.")
                }
                Repeater {
                    model: screen.vm.reviewItems
                    delegate: Rectangle {
                        required property var modelData
                        objectName: "form_review_" + modelData.fieldId
                        Layout.fillWidth: true
                        Layout.preferredHeight: reviewRow.implicitHeight + Theme.spacing
                        radius: Theme.radius
                        color: Theme.surface
                        border.color: Theme.border
                        border.width: 2
                        RowLayout {
                            id: reviewRow
                            anchors.fill: parent
                            anchors.margins: Math.round(Theme.spacing / 2)
                            spacing: Theme.spacing
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 2
                                BodyText {
                                    Layout.fillWidth: true
                                    text: modelData.label
                                    color: Theme.textMuted
                                    font.pixelSize: Theme.small
                                }
                                BodyText {
                                    Layout.fillWidth: true
                                    text: modelData.value
                                    font.weight: Font.DemiBold
                                }
                            }
                            BigButton {
                                objectName: "form_change_" + modelData.fieldId
                                Layout.alignment: Qt.AlignVCenter
                                pixelSize: Theme.small
                                text: qsTr("Change")
                                accessibleName: qsTr("Change") + ": " + modelData.label
                                onClicked: screen.vm.change(modelData.fieldId)
                            }
                        }
                    }
                }
                BigButton {
                    objectName: "form_submit"
                    visible: screen.vm.state === "review"
                    Layout.fillWidth: true
                    primary: true
                    text: qsTr("Send request")
                    onClicked: screen.vm.submit()
                }

                // --- sending, receipt ----------------------------------------------------------
                BodyText {
                    objectName: "form_wait"
                    visible: screen.vm.state === "submitting" || screen.vm.state === "printing"
                    Layout.fillWidth: true
                    text: qsTr("Your receipt is being made…")
                    font.pixelSize: Theme.heading
                }
                Rectangle {
                    objectName: "form_receipt_box"
                    visible: screen.vm.state === "done"
                    Layout.fillWidth: true
                    Layout.preferredHeight: receiptColumn.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.primary
                    border.width: 4
                    ColumnLayout {
                        id: receiptColumn
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        spacing: Math.round(Theme.spacing / 2)
                        BodyText {
                            Layout.fillWidth: true
                            text: qsTr("Reference")
                            color: Theme.textMuted
                            font.pixelSize: Theme.small
                        }
                        Text {
                            objectName: "form_reference"
                            Layout.fillWidth: true
                            LayoutMirroring.enabled: false
                            horizontalAlignment: Text.AlignHCenter
                            text: screen.vm.reference
                            textFormat: Text.PlainText
                            color: Theme.text
                            font.family: "DejaVu Sans Mono"
                            font.pixelSize: Theme.display
                            font.weight: Font.Bold
                        }
                        BodyText {
                            objectName: "form_received"
                            Layout.fillWidth: true
                            text: screen.vm.receivedText
                        }
                        BodyText {
                            objectName: "form_in_time"
                            visible: screen.vm.inTime
                            Layout.fillWidth: true
                            text: screen.vm.inTimeText
                            font.weight: Font.DemiBold
                        }
                    }
                }
                Rectangle {
                    visible: screen.vm.message !== ""
                    Layout.fillWidth: true
                    Layout.preferredHeight: messageText.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius
                    readonly property bool bad: screen.vm.state === "failed" || screen.vm.printFailed
                    color: bad ? Theme.errorBackground : Theme.surface
                    border.width: 3
                    border.color: bad ? Theme.errorText : Theme.border
                    BodyText {
                        id: messageText
                        objectName: "form_message"
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        text: screen.vm.message
                        color: parent.bad ? Theme.errorText : Theme.text
                        font.weight: Font.DemiBold
                    }
                }
                BigButton {
                    objectName: "form_retry"
                    visible: screen.vm.state === "failed"
                    Layout.fillWidth: true
                    text: qsTr("Try again")
                    onClicked: screen.vm.retry()
                }
                BigButton {
                    objectName: "form_finish"
                    visible: screen.vm.state === "done"
                    Layout.fillWidth: true
                    primary: true
                    text: qsTr("Done")
                    onClicked: screen.vm.finish()
                }
            }
        }

        TextKeyboard {
            visible: screen.typing
            Layout.fillWidth: true
            Layout.margins: Math.round(Theme.spacing / 2)
            rows: screen.vm.keyboardRows
            shiftAvailable: screen.vm.keyboardShift
            shiftOn: screen.vm.shiftOn
            layoutId: screen.vm.keyboardLayout
            pinyin: screen.vm.keyboardPinyin
            composition: screen.vm.composition
            candidates: screen.vm.candidates
            moreCandidates: screen.vm.hasMoreCandidates
            onKey: (value) => screen.vm.typeKey(value)
            onErase: screen.vm.erase()
            onShift: screen.vm.toggleShift()
            onCandidate: (index) => screen.vm.chooseCandidate(index)
            onNextCandidates: screen.vm.moreCandidates()
            onKeepLetters: screen.vm.keepLetters()
        }
        Keypad {
            visible: screen.keying
            Layout.alignment: Qt.AlignHCenter
            Layout.margins: Math.round(Theme.spacing / 2)
            onDigit: (value) => screen.vm.typeKey(value)
            onErase: screen.vm.erase()
            onClear: screen.vm.clearAnswer()
        }
    }
}
